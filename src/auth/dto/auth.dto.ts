import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength, MinLength } from 'class-validator';
import { UserResponseDto } from '../../users/dto/user-response.dto';
import { NewPasswordField, PASSWORD_MAX_LENGTH } from '../../users/dto/user-fields';

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, 50)
  username!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from sign-in or the previous refresh (single use)' })
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  refresh_token!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  current_password!: string;

  @NewPasswordField()
  new_password!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256) for Authorization: Bearer' }) access_token!: string;
  @ApiProperty({ example: 'bearer' }) token_type!: 'bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expires_in!: number;
  @ApiProperty({ description: 'Opaque, single-use; exchange at POST /auth/refresh' }) refresh_token!: string;
  @ApiProperty({ type: UserResponseDto }) user!: UserResponseDto;
}

export class MessageDto {
  @ApiProperty({ example: 'Logout successful' }) message!: string;
}
