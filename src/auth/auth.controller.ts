import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, CurrentUser, Public } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  LogoutResponseDto,
  PasswordChangedDto,
  RefreshDto,
  TokenPairDto,
} from './dto/auth.dto';

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with username and password',
    description:
      'Answers an access token (send it as `Authorization: Bearer <access_token>`; in Swagger UI paste it into ' +
      '"Authorize") and a single-use refresh token. Wrong password, unknown user and deactivated user get the same ' +
      '401. Throttling: after 5 failures for one username from one client address, or 20 from one address, in ' +
      '15 minutes, 429 with Retry-After from that address; after 5 failures for a username from anywhere, its ' +
      'sign-ins wait 1 s before the password is checked, doubling per further failure up to 16 s (the right ' +
      'password still signs in).',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'AUTH_INVALID: wrong username or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({
    description: 'RATE_LIMIT_EXCEEDED after repeated failures from this address, with Retry-After',
  })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(dto, request.ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair (the old one is spent; reusing it ends the session)',
    description:
      'No access token needed. Each refresh token works once: presenting a spent one revokes its whole session, ' +
      'so a stolen copy stops working as soon as either party uses it again. Each refresh extends the session.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'AUTH_INVALID: unknown, expired, spent or revoked refresh token' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refresh_token);
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(200)
  @ApiOperation({
    summary: 'End this session: its access and refresh tokens stop working at once',
    description: "The user's other sessions (other devices) stay signed in; live chat sockets of this one close.",
  })
  @ApiOkResponse({ type: LogoutResponseDto })
  logout(@CurrentUser() caller: AuthenticatedUser): Promise<LogoutResponseDto> {
    return this.auth.logout(caller);
  }

  @Authenticated()
  @Get('me')
  @ApiOperation({
    summary: 'The signed-in user',
    description: 'The account behind the access token, as GET /users/{id} shows it (never the password hash).',
  })
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto> {
    return this.auth.me(caller);
  }

  @Authenticated()
  @Post('change-password')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the password; every session of the user ends',
    description:
      'Needs the current password; the new one needs 12-128 characters. Every device, this one included, signs ' +
      'in again. After 5 wrong current passwords through one session in 15 minutes (or 20 failures from the ' +
      'address), 429 with Retry-After, so a stolen access token cannot guess the password.',
  })
  @ApiOkResponse({ type: PasswordChangedDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_ERROR: current password wrong, or new password too weak' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMIT_EXCEEDED after repeated wrong current passwords' })
  changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<PasswordChangedDto> {
    return this.auth.changePassword(caller, dto, request.ip);
  }
}
