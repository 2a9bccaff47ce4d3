import { ValidationFailedError } from '../../http/application-errors';
import { resolveSerialNumbers } from './serial-input';
import type { SerialsOrRangeDto } from './serial-commands.dto';

const resolve = (dto: object) => () => resolveSerialNumbers(dto as SerialsOrRangeDto);

describe('resolveSerialNumbers', () => {
  it('takes the list, or expands the range', () => {
    expect(resolve({ serialNumbers: ['SN-1'] })()).toEqual(['SN-1']);
    expect(resolve({ range: { first: 'SN-08', count: 3 } })()).toEqual(['SN-08', 'SN-09', 'SN-10']);
  });

  it.each([
    ['neither', {}],
    ['null for both (the fuzz test found a 500 here)', { serialNumbers: null, range: null }],
    ['a null list and no range', { serialNumbers: null }],
    ['both', { serialNumbers: ['SN-1'], range: { first: 'SN-1', count: 1 } }],
  ])('refuses %s with a 400', (_case, dto) => {
    expect(resolve(dto)).toThrow(ValidationFailedError);
  });

  it('reads a null beside the other as left out', () => {
    expect(resolve({ serialNumbers: null, range: { first: 'SN-1', count: 1 } })()).toEqual(['SN-1']);
  });
});
