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
import { ChangePasswordDto, LoginDto, MessageDto, RefreshDto, TokenPairDto } from './dto/auth.dto';

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'AUTH_INVALID: wrong username or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMIT_EXCEEDED after repeated failures, with Retry-After' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(dto, request.ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair (the old one is spent; reusing it ends the session)',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'AUTH_INVALID: unknown, expired, spent or revoked refresh token' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refresh_token);
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'End this session: its access and refresh tokens stop working at once' })
  @ApiOkResponse({ type: MessageDto })
  logout(@CurrentUser() caller: AuthenticatedUser): Promise<MessageDto> {
    return this.auth.logout(caller);
  }

  @Authenticated()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto> {
    return this.auth.me(caller);
  }

  @Authenticated()
  @Post('change-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the password; every session of the user ends' })
  @ApiOkResponse({ type: MessageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_ERROR: current password wrong, or new password too weak' })
  changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<MessageDto> {
    return this.auth.changePassword(caller, dto, request.ip);
  }
}
