import { ValidationError, ValidationPipe } from '@nestjs/common';

import { AppException, CommonErrorCode } from '#src/common/app.exception.js';

function flatten(
  errors: ValidationError[],
  parent = '',
): { path: string; errors: ValidationError }[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ path, errors: error }] : [];

    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** Turns class-validator's findings into one message a front-end developer can act on. */
export function toValidationException(errors: ValidationError[]): AppException {
  const flat = flatten(errors);
  const unknown = flat.filter((item) => item.errors.constraints?.whitelistValidation);
  if (unknown.length > 0) {
    const names = unknown.map((item) => item.path).join(', ');
    const noun = unknown.length === 1 ? 'field' : 'fields';

    return AppException.badRequest(`Unknown ${noun}: ${names}`, CommonErrorCode.UnknownField);
  }

  const messages = flat.flatMap((item) => Object.values(item.errors.constraints ?? {}));

  return AppException.badRequest(messages.join('; '));
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: toValidationException,
  });
}
