import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import type { Connection } from 'mongoose';
import { Public } from '../../src/common/auth/access.decorators';

/**
 * Test-only endpoints that exercise the global pipeline (validation, body parsing, error
 * rendering, database failures) independently of any feature. Never mounted in production.
 */
class ProbeOwnerDto {
  @IsString()
  @Length(1, 20)
  name!: string;
}

export class ProbeEchoDto {
  @IsString()
  @Length(1, 50)
  title!: string;

  @IsOptional()
  @IsIn(['low', 'medium', 'high'])
  urgency?: 'low' | 'medium' | 'high';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  count?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProbeOwnerDto)
  owner?: ProbeOwnerDto;
}

@Public()
@Controller('__probe')
class ProbeController {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  @Post('echo')
  echo(@Body() body: ProbeEchoDto): ProbeEchoDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail: mongodb://user:pass@db.internal');
  }

  @Get('users-count')
  async usersCount(): Promise<{ count: number }> {
    return { count: await this.connection.collection('users').countDocuments() };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
