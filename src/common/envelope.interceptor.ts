import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';

import { ok, SuccessEnvelope } from '#src/common/envelope.js';

/** Wraps every handler's result in `{ status: 1, msg: 'ok', result }`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<SuccessEnvelope<unknown>> {
    return next.handle().pipe(map((result: unknown) => ok(result ?? null)));
  }
}
