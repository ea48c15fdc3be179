import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { AppException } from '#src/common/app.exception.js';
import { Session, SessionErrorCode, SessionService } from '#src/session/session.service.js';

type RequestWithSession = FastifyRequest & { session?: Session };

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;

  return match?.[1];
}

/** Requires a valid session: none, tampered or expired → 401. */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithSession>();
    const token = bearer(request);
    if (token === undefined) {
      throw new AppException(
        SessionErrorCode.Missing,
        'Sign in first: send Authorization: Bearer <token> from wx-web/user/get',
        401,
      );
    }
    request.session = this.sessions.verify(token);

    return true;
  }
}

/** Public reads: a valid session adds the caller's own view; none or a stale one reads as a guest. */
@Injectable()
export class OptionalSessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithSession>();
    const token = bearer(request);
    if (token !== undefined) {
      try {
        request.session = this.sessions.verify(token);
      } catch {
        request.session = undefined;
      }
    }

    return true;
  }
}

/** The verified session set by a guard (undefined for a guest behind OptionalSessionGuard). */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Session | undefined =>
    context.switchToHttp().getRequest<RequestWithSession>().session,
);
