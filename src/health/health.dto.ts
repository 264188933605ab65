import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';

  @ApiProperty({ example: 3600 })
  uptime_seconds!: number;
}

export class ReadinessChecksDto {
  @ApiProperty({ example: 'up', enum: ['up', 'down'] })
  database!: 'up' | 'down';

  @ApiPropertyOptional({
    example: 'up',
    enum: ['up', 'down'],
    description: 'Only with REDIS_URL: a message published through Redis came back to this instance',
  })
  redis?: 'up' | 'down';
}

export class ReadinessDto {
  @ApiProperty({ example: 'ready' })
  status!: 'ready';

  @ApiProperty({ type: ReadinessChecksDto })
  checks!: ReadinessChecksDto;
}
