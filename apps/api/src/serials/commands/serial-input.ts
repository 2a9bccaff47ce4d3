import { expandSerialRange } from '@serial/domain';
import { ValidationFailedError } from '../../http/application-errors';
import { SERIAL_NUMBER_PATTERN } from '@serial/domain';
import type { SerialsOrRangeDto } from './serial-commands.dto';

/** Register and receive name their serials by list or by range: one of the two (API.md "Conventions"). */
export function resolveSerialNumbers(dto: SerialsOrRangeDto): string[] {
  // @IsOptional() lets null through: `"serialNumbers": null` is a field left out.
  const listed = dto.serialNumbers ?? undefined;
  const range = dto.range ?? undefined;
  if (listed === undefined && range === undefined) {
    throw new ValidationFailedError([
      { field: 'serialNumbers', message: 'give serialNumbers or range: the serials to act on' },
    ]);
  }
  if (listed !== undefined && range !== undefined) {
    throw new ValidationFailedError([
      { field: 'serialNumbers', message: 'give either serialNumbers or range, not both' },
    ]);
  }
  if (listed !== undefined) return listed;
  const { first, count } = range!;
  const serials = expandSerialRange(first, count);
  if (!serials)
    throw new ValidationFailedError([
      { field: 'range.first', message: 'range.first needs digits to count up' },
    ]);
  const last = serials[serials.length - 1];
  if (!SERIAL_NUMBER_PATTERN.test(last)) {
    throw new ValidationFailedError([
      { field: 'range.count', message: `the range ends in ${last}, longer than 128 characters` },
    ]);
  }
  return serials;
}

/** The DTO's fields without the ones left out (undefined): events store no undefined values. */
export function definedFields<T extends object>(dto: T): T {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as T;
}
