import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../common/http/optional';
import { Trimmed } from '../../common/http/trimmed';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const USERNAME_PATTERN = /^[a-zA-Z0-9._-]{3,50}$/;

/** Validation shared by every DTO that carries these fields, so the rules cannot drift apart. */
export const UsernameField = () =>
  applyDecorators(
    ApiProperty({ example: 'carol', description: '3-50 letters, digits, ".", "_" or "-"; case-insensitive' }),
    Trimmed(),
    IsString(),
    Matches(USERNAME_PATTERN, { message: 'username must be 3-50 letters, digits, ".", "_" or "-"' }),
  );

export const EmailField = ({ optional = false } = {}) =>
  applyDecorators(
    ...(optional
      ? [ApiPropertyOptional({ example: 'carol@helpdesk.local' }), Optional()]
      : [ApiProperty({ example: 'carol@helpdesk.local' })]),
    Trimmed(),
    IsString(),
    MaxLength(254),
    IsEmail({}, { message: 'email must be an e-mail address' }),
  );

export const NewPasswordField = () =>
  applyDecorators(
    ApiProperty({
      example: 'correct horse battery staple',
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
    }),
    IsString(),
    Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
      message: `password must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`,
    }),
  );
