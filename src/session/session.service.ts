import { Injectable, Logger } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { AppException } from '#src/common/app.exception.js';
import { AppConfig } from '#src/config/app-config.js';

/** Who is calling: taken from a verified session token, never from a request body. */
export interface Session {
  userId: number;
  openid: string;
  expiresAt: Date;
}

export enum SessionErrorCode {
  Missing = 'SESSION_REQUIRED',
  Invalid = 'SESSION_INVALID',
  Expired = 'SESSION_EXPIRED',
  NotYours = 'NOT_YOURS',
}

interface Claims {
  uid: number;
  oid: string;
  exp: number;
}

const VERSION = 'v1';

/**
 * Session tokens: `v1.<claims>.<HMAC-SHA256>`, base64url. Stateless, so any server process
 * sharing SESSION_SECRET verifies any other's tokens.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  private readonly secret: Buffer;

  constructor(private readonly config: AppConfig) {
    this.secret =
      config.sessionSecret === undefined
        ? randomBytes(32)
        : Buffer.from(config.sessionSecret, 'utf8');
  }

  issue(userId: number, openid: string, now = Date.now()): { token: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + this.config.sessionTtlS;
    const claims: Claims = { uid: userId, oid: openid, exp };
    const body = `${VERSION}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;

    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp * 1000) };
  }

  /** Verifies a token; throws 401 with a reason the page can act on. */
  verify(token: string, now = Date.now()): Session {
    const parts = token.split('.');
    const body = parts.slice(0, 2).join('.');
    const given = Buffer.from(parts[2] ?? '', 'base64url');
    const expected = Buffer.from(this.sign(body), 'base64url');
    if (parts.length !== 3 || parts[0] !== VERSION || !safeEqual(given, expected)) {
      this.logger.debug({ msg: 'session token refused', reason: 'bad signature or shape' });
      throw new AppException(SessionErrorCode.Invalid, 'Session is not valid; sign in again', 401);
    }

    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
    if (claims.exp * 1000 <= now) {
      throw new AppException(SessionErrorCode.Expired, 'Session has expired; sign in again', 401);
    }

    return { userId: claims.uid, openid: claims.oid, expiresAt: new Date(claims.exp * 1000) };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A caller may still name itself in a body (`openid`, `organizerid`, as the SPEC's shapes do);
 * it must then be the signed-in user.
 */
export function assertSelf(session: Session, claimed: string | undefined, field: string): void {
  if (claimed !== undefined && claimed !== session.openid) {
    throw new AppException(
      SessionErrorCode.NotYours,
      `${field} is not the signed-in user; you can only act as yourself`,
      403,
    );
  }
}
