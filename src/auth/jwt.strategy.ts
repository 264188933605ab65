import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { jwtKey } from './token.service';
import { accessTokenFromAuthorizationHeader, type HeaderCarrier } from './access-token-sources';
import {
  ACCESS_TOKEN_SIGNATURE_OPTIONS,
  AccessTokenVerifier,
  signatureFailure,
  type AccessTokenFailure,
} from './access-token.verifier';

/** The name the strategy is registered under in the guard's passport. */
export const JWT_STRATEGY = 'jwt';

/**
 * The HTTP side of AccessTokenVerifier, as a passport-jwt strategy: passport-jwt takes the bearer
 * token from the Authorization header (the rule the handshake shares) and checks its signature
 * with the verifier's options; `validate` hands the payload to the verifier for the rest.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super({
      jwtFromRequest: (request: HeaderCarrier) => accessTokenFromAuthorizationHeader(request) ?? null,
      // passport-jwt hands the key to jsonwebtoken unchanged, which takes a KeyObject (jwtKey says
      // why); only passport-jwt's types still say string or Buffer.
      secretOrKey: jwtKey(config.auth.jwtSecret) as unknown as Buffer,
      ...ACCESS_TOKEN_SIGNATURE_OPTIONS,
    });
  }

  /**
   * The mixin registers the strategy in whatever passport this returns. Not the process-wide one:
   * by name in the global registry, the last app created in a process (as in the e2e specs, or two
   * instances side by side) would replace every other app's strategy, verifying with that app's
   * secret and database. JwtAuthGuard registers the strategy in a passport of the app's own.
   */
  getPassportInstance(): passport.Authenticator {
    return new passport.Authenticator();
  }

  /**
   * A refusal is returned as `[false, failure]`, which the mixin passes on as passport's
   * `fail(info)`: the guard then reads it like passport-jwt's own failures (failureFromPassport).
   */
  async validate(payload: unknown): Promise<AuthenticatedUser | [false, AccessTokenFailure]> {
    const verdict = await this.verifier.admit(payload);
    return verdict.ok ? verdict.user : [false, verdict.failure];
  }
}

const ACCESS_TOKEN_FAILURES: readonly AccessTokenFailure[] = ['missing', 'invalid', 'expired', 'session_ended'];

/**
 * Why the strategy authenticated no one, from the `info` passport reports: the verifier's failure
 * given by `validate`, or passport-jwt's own, which is an Error: "No auth token" when
 * `jwtFromRequest` found none (passport-jwt 4), otherwise jsonwebtoken's verification error.
 */
export function failureFromPassport(info: unknown): AccessTokenFailure {
  if ((ACCESS_TOKEN_FAILURES as readonly unknown[]).includes(info)) return info as AccessTokenFailure;
  if (info instanceof Error && info.message === 'No auth token') return 'missing';
  return signatureFailure(info);
}
