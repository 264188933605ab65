import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { JwtStrategy } from './jwt.strategy';
import { LoginAttemptDocument, LoginAttemptSchema } from './login-throttle/login-attempt.schema';
import { LoginAttemptsRepository } from './login-throttle/login-attempts.repository';
import { LoginThrottleService } from './login-throttle/login-throttle.service';
import { ProxyHeaderWarning } from './login-throttle/proxy-header-warning';

import { SessionsModule } from './sessions/sessions.module';
import { JWT_ALGORITHM, jwtKey, TokenService } from './token.service';

@Module({
  imports: [
    UsersModule,
    SessionsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.auth.jwtSecret),
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
    MongooseModule.forFeature([{ name: LoginAttemptDocument.name, schema: LoginAttemptSchema }]),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    AccessTokenVerifier,
    JwtStrategy,
    LoginAttemptsRepository,
    LoginThrottleService,
    ProxyHeaderWarning,
    // Order matters: authentication first, then the role check reads request.user.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AccessTokenVerifier],
})
export class AuthModule {}
