import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { takeTurn } from '@serial/event-store';
import { FieldError, ValidationFailedError } from './application-errors';
import { undeclaredFields } from './declared-fields';

/**
 * Strict bodies (API.md: an unknown field is 400 naming it). `value: false` and `target: false`
 * keep the request's data out of the error tree: a 10,000-serial body would otherwise be copied
 * into every error.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}

/** More items than a command of this many serials makes validating it a piece of work of its own. */
const LARGE_LIST = 1000;

function holdsLargeList(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((field) => Array.isArray(field) && field.length > LARGE_LIST);
}

/** The whitelist, plus the keys it cannot see (see declared-fields.ts), named with every other failure. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    const undeclared =
      metatype !== undefined && (type === 'body' || type === 'query')
        ? undeclaredFields(value, metatype)
        : [];
    // Validating 10,000 serials is one piece of 15-30 ms: in a turn of the event loop of its own, so
    // that it does not follow the parsing of another large body in the same turn (see json-body.ts).
    if (type === 'body' && holdsLargeList(value)) await takeTurn();
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (error) {
      if (undeclared.length === 0 || !(error instanceof ValidationFailedError)) throw error;
      const named = new Set(error.errors.map(({ field, message }) => `${field}\u0000${message}`));
      const more = undeclared.filter(({ field, message }) => !named.has(`${field}\u0000${message}`));
      throw new ValidationFailedError([...more, ...error.errors]);
    }
    if (undeclared.length > 0) throw new ValidationFailedError(undeclared);
    return result;
  }

  /**
   * Nest would turn a path or query parameter declared `number` into `Number(text)`, reading `0x10`
   * as 16 and ` 1` as 1; such parameters go through IndexPipe or PlainInteger instead.
   */
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.metatype === Number ? value : super.transformPrimitive(value, metadata);
  }
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
