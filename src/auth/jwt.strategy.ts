import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { accessTokenFromAuthorizationHeader, type HeaderCarrier } from './access-token-sources';
import { AccessTokenVerifier } from './access-token.verifier';
import { JWT_ALGORITHM } from './token.service';

/** Bearer tokens, HS256 only (so `alg: none` or an algorithm swap never verifies), expiry enforced. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super({
      jwtFromRequest: (request: HeaderCarrier) => accessTokenFromAuthorizationHeader(request) ?? null,
      secretOrKey: config.auth.jwtSecret,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  /**
   * Registers in a passport of its own, not the process-wide one: by name in the global registry,
   * the last app created in a process (as in the e2e specs, or two instances side by side) would
   * replace every other app's strategy, verifying with that app's secret and database. The guard
   * hands passport this instance directly instead.
   */
  getPassportInstance(): passport.Authenticator {
    return new passport.Authenticator();
  }

  validate(payload: unknown): Promise<AuthenticatedUser> {
    return this.verifier.authenticate(payload);
  }
}
