import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from './application-errors';

/**
 * Strict bodies (API.md: an unknown field is 400 naming it). `value: false` and `target: false`
 * keep the request's data out of the error tree: a 10,000-serial body would otherwise be copied
 * into every error.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}

/**
 * One entry per broken constraint, with dotted paths for nested fields (`range.count`, `lines.0.quantity`).
 * A missing required field is named once: its other constraints only repeat that it is missing.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent?: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === undefined ? error.property || 'body' : `${parent}.${error.property}`;
    const constraints = error.constraints ?? {};
    const messages =
      constraints.isDefined === undefined ? Object.values(constraints) : [constraints.isDefined];
    const own = messages.map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
