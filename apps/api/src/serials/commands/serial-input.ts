import { expandSerialRange } from '@serial/domain';
import { ValidationFailedError } from '../../http/application-errors';
import { SERIAL_NUMBER_PATTERN } from '@serial/domain';
import type { SerialsOrRangeDto } from './serial-commands.dto';

/** Register and receive name their serials by list or by range: one of the two (API.md "Conventions"). */
export function resolveSerialNumbers(dto: SerialsOrRangeDto): string[] {
  if (dto.serialNumbers === undefined && dto.range === undefined) {
    throw new ValidationFailedError([
      { field: 'serialNumbers', message: 'give serialNumbers or range: the serials to act on' },
    ]);
  }
  if (dto.serialNumbers !== undefined && dto.range !== undefined) {
    throw new ValidationFailedError([
      { field: 'serialNumbers', message: 'give either serialNumbers or range, not both' },
    ]);
  }
  if (dto.serialNumbers) return dto.serialNumbers;
  const { first, count } = dto.range!;
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
