import { createHash, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { UserRole } from '../domain/user-role';

export const JWT_ALGORITHM = 'HS256';

/**
 * JWT_SECRET as the HMAC key object every signature is made and checked with. Given a string,
 * jsonwebtoken first tries to parse it as a PEM key, and the exception of that failed parse cost
 * ~80 µs of CPU on every authenticated request (a CPU profile of the intake bench); a KeyObject
 * is used as it is.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

export interface IssuedRefreshToken {
  token: string;
  hash: string;
  expiresAt: Date;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.auth.accessTtlSeconds;
  }

  signAccessToken(userId: string, role: UserRole, sessionId: string): Promise<string> {
    return this.jwt.signAsync(
      { role, sid: sessionId },
      { subject: userId, jwtid: randomUUID(), expiresIn: this.config.auth.accessTtlSeconds, algorithm: JWT_ALGORITHM },
    );
  }

  /** Opaque and random (256 bits); only its hash is stored, so a database leak yields no usable token. */
  newRefreshToken(now: Date): IssuedRefreshToken {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashRefreshToken(token), expiresAt: this.refreshExpiry(now) };
  }

  refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.auth.refreshTtlSeconds * 1000);
  }
}

/** SHA-256 suffices for a 256-bit random secret: there is nothing to brute-force. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
