import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength, MinLength } from 'class-validator';
import { UserResponseDto } from '../../users/dto/user-response.dto';
import { NewPasswordField, PASSWORD_MAX_LENGTH } from '../../users/dto/user-fields';
import { PLACEHOLDER_LOGIN } from '../login-examples';

export class LoginDto {
  @ApiProperty({ example: PLACEHOLDER_LOGIN.username })
  @IsString()
  @Length(1, 50)
  username!: string;

  @ApiProperty({ example: PLACEHOLDER_LOGIN.password })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

/** 256 random bits, base64url: the shape the API hands out. */
const EXAMPLE_REFRESH_TOKEN = 'Za0vmNzkaIEJwZb1nacvLljz_1WeVITVUbXXePYWXbk';

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from sign-in or the previous refresh (single use)',
    example: EXAMPLE_REFRESH_TOKEN,
  })
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  refresh_token!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: PLACEHOLDER_LOGIN.password })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  current_password!: string;

  @NewPasswordField()
  new_password!: string;
}

export class TokenPairDto {
  @ApiProperty({
    description: 'JWT (HS256) for Authorization: Bearer; paste it into "Authorize" in Swagger UI',
    example:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoidXNlciIsInN1YiI6IjY2NTBmMWMyYTRiNWM2ZDdlOGY5MDEyMyJ9.gEz6S8eW82cYOKCqGZNmt1VQggoeed7E0Q85wR4EwZw',
  })
  access_token!: string;
  @ApiProperty({ example: 'bearer' }) token_type!: 'bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expires_in!: number;
  @ApiProperty({ description: 'Opaque, single-use; exchange at POST /auth/refresh', example: EXAMPLE_REFRESH_TOKEN })
  refresh_token!: string;
  @ApiProperty({ type: UserResponseDto }) user!: UserResponseDto;
}

export class LogoutResponseDto {
  @ApiProperty({ example: 'Logout successful' }) message!: string;
}

export class PasswordChangedDto {
  @ApiProperty({ example: 'Password changed; sign in again with the new password' }) message!: string;
}
