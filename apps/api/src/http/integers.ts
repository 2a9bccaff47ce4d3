import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { ValidationFailedError } from './application-errors';

/** Positions are signed 64-bit integers in every store (SQLite INTEGER, KurrentDB commit positions). */
export const MAX_POSITION = 2n ** 63n - 1n;
const DECIMAL = /^\d+$/;
const SMALL_DECIMAL = /^\d{1,9}$/;
/** 15 digits are always below Number.MAX_SAFE_INTEGER; @Max beside a PlainInteger bounds the rest. */
const SAFE_DECIMAL = /^\d{1,15}$/;

/**
 * A position given as text (query or header): plain decimal digits (`0x10`, `1e3`, ` 1` are not
 * positions) that fit in 64 bits. Undefined otherwise, so that the caller answers 400, never a 500
 * from the store.
 */
export function parsePosition(text: string): bigint | undefined {
  if (text.length > 19 || !DECIMAL.test(text)) return undefined;
  const position = BigInt(text);
  return position <= MAX_POSITION ? position : undefined;
}

/**
 * A query parameter holding a count (`limit`, a tree size): only plain decimal digits become a number; anything
 * else stays a string, which the @IsInt() beside it refuses. `Number()` would read `0x10` as 16,
 * `1e3` as 1000 and ` 1` as 1.
 */
export const PlainInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && SAFE_DECIMAL.test(value) ? Number(value) : value,
  );

/** A position in a query: a decimal string that fits in a signed 64-bit integer. */
export const IsPosition = () =>
  ValidateBy({
    name: 'isPosition',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parsePosition(value) !== undefined,
      defaultMessage: () => `$property must be a decimal integer from 0 to ${MAX_POSITION}`,
    },
  });

/** An index in the URL (`lines/{lineIndex}`): plain decimal digits, from 0. */
@Injectable()
export class IndexPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    if (!SMALL_DECIMAL.test(value)) {
      const field = metadata.data ?? 'index';
      throw new ValidationFailedError([{ field, message: `${field} must be an integer from 0` }]);
    }
    return Number(value);
  }
}
