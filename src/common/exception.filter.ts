import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { AppException, CommonErrorCode } from '#src/common/app.exception.js';
import { ErrorEnvelope, failure } from '#src/common/envelope.js';

interface Mapped {
  status: number;
  body: ErrorEnvelope;
}

/** Framework errors (Fastify's body checks, Nest's routing) by status, in our words. */
const FRAMEWORK_ERRORS: Record<number, ErrorEnvelope> = {
  401: failure(CommonErrorCode.Unauthorized, 'Sign in first'),
  403: failure(CommonErrorCode.Forbidden, 'Not allowed'),
  413: failure(CommonErrorCode.BodyTooLarge, 'Request body is too large (at most 64 KB)'),
  415: failure(
    CommonErrorCode.UnsupportedMediaType,
    'Send the body as JSON with Content-Type: application/json',
  ),
  429: failure(CommonErrorCode.TooManyRequests, 'Too many requests, try again shortly'),
};

/** Maps any thrown error to the envelope. Nothing internal ever reaches the caller. */
export function mapError(error: unknown, request: FastifyRequest): Mapped {
  if (error instanceof AppException) {
    return { status: error.httpStatus, body: failure(error.code, error.message) };
  }
  if (!(error instanceof HttpException) || error.getStatus() >= 500) {
    return { status: 500, body: failure(CommonErrorCode.Internal, 'Internal server error') };
  }

  const status = error.getStatus();
  if (status === 404) {
    const where = `${request.method} ${request.url.split('?')[0]}`;

    return {
      status,
      body: failure(
        CommonErrorCode.NotFound,
        `No such address: ${where} (the API is POST /api/v1/…)`,
      ),
    };
  }
  if (status === 400 && /JSON/i.test(error.message)) {
    return { status, body: failure(CommonErrorCode.BadJson, 'Body is not valid JSON') };
  }

  return {
    status,
    body: FRAMEWORK_ERRORS[status] ?? failure(CommonErrorCode.ValidationFailed, error.message),
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { status, body } = mapError(error, request);
    this.logCause(error, status, request);
    void http.getResponse<FastifyReply>().status(status).send(body);
  }

  /** The real cause: a stack for unexpected faults, a debug line for expected refusals. */
  private logCause(error: unknown, status: number, request: FastifyRequest): void {
    if (status >= 500 && !(error instanceof AppException)) {
      const stack = error instanceof Error ? error.stack : String(error);
      this.logger.error({ msg: 'request failed', reqId: request.id, status }, stack);

      return;
    }

    const reason = error instanceof Error ? error.message : String(error);
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    // Expected failures, 5xx included (a dependency down), are the owning module's to report
    // once, not this filter's to repeat per request.
    this.logger.debug({ msg: 'request refused', reqId: request.id, status, reason, cause });
  }
}
