/** Error codes shared by every module; feature modules add their own enums. */
export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  UnknownField = 'UNKNOWN_FIELD',
  BadJson = 'BAD_JSON',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  BodyTooLarge = 'BODY_TOO_LARGE',
  NotFound = 'NOT_FOUND',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

/**
 * An error the caller can act on: its code, a short message that says what to fix, and the HTTP
 * status. The exception filter turns it into the envelope `{ status: -1, msg, code }`.
 */
export class AppException extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  static badRequest(message: string, code: string = CommonErrorCode.ValidationFailed) {
    return new AppException(code, message, 400);
  }

  static notFound(message: string, code: string = CommonErrorCode.NotFound) {
    return new AppException(code, message, 404);
  }

  static conflict(message: string, code: string = CommonErrorCode.Conflict) {
    return new AppException(code, message, 409);
  }

  static unavailable(message: string, options?: { cause?: unknown }) {
    return new AppException(CommonErrorCode.DependencyUnavailable, message, 503, options);
  }
}
