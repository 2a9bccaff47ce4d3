import type { CsvRow } from './csv-rows';
import { DuplicateFilter, isRejection, validateRow, type ImportRow } from './row-validation';

const row = (fields: Partial<CsvRow['fields']>, line = 2): CsvRow => ({
  line,
  cells: [],
  bytes: 0,
  fields: { product: 'LAPTOP', serial: 'SN-1', location: 'WH/Stock', reference: '', ...fields },
});

describe('validateRow', () => {
  it('turns a receive row into the serial, destination and reference of a command', () => {
    expect(validateRow(row({ reference: 'BILL-7' }), 'receive')).toMatchObject({
      productId: 'LAPTOP',
      serialNumber: 'SN-1',
      locationId: 'WH/Stock',
      reference: 'BILL-7',
    });
  });

  it('reads the serial in NFC, as the API does, so two spellings of it are one serial', () => {
    const decomposed = validateRow(row({ serial: 'SN-e\u0301' }), 'receive') as ImportRow;
    expect(decomposed.serialNumber).toBe('SN-\u00e9');
    const filter = new DuplicateFilter();
    expect(filter.check(decomposed)).toBeUndefined();
    const composed = validateRow(row({ serial: 'SN-\u00e9' }, 3), 'receive') as ImportRow;
    expect(filter.check(composed)).toMatchObject({ code: 'DUPLICATE_IN_REQUEST' });
  });

  it('leaves out an empty reference, and the location of a register row', () => {
    const valid = validateRow(row({ location: '' }), 'register') as ImportRow;
    expect(valid).not.toHaveProperty('reference');
    expect(valid).not.toHaveProperty('locationId');
  });

  it.each([
    ['an empty product', { product: '' }, 'product is empty'],
    ['a product id with a space', { product: 'LAP TOP' }, 'product must be'],
    ['an empty serial', { serial: '' }, 'serial is empty'],
    ['a serial with a control character', { serial: 'SN\u00071' }, 'serial must be'],
    ['a serial of 129 characters', { serial: 'S'.repeat(129) }, 'serial must be'],
    ['no location to receive into', { location: '' }, 'location is empty'],
    ['a location of the wrong shape', { location: 'WH Stock' }, 'location must be'],
    ['a reference of 129 characters', { reference: 'R'.repeat(129) }, 'reference is longer'],
  ])('refuses %s as VALIDATION_FAILED', (_name, fields, message) => {
    const result = validateRow(row(fields), 'receive');
    expect(result).toEqual({ code: 'VALIDATION_FAILED', message: expect.stringContaining(message) });
  });

  it('names every problem of a row at once', () => {
    const result = validateRow(row({ product: '', serial: '' }), 'receive');
    expect(isRejection(result) && result.message).toBe('product is empty; serial is empty');
  });

  it('refuses a location on a register row rather than dropping it', () => {
    expect(validateRow(row({ location: 'WH/Stock' }), 'register')).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('accepts 128 characters, counted as characters, not UTF-16 units', () => {
    expect(isRejection(validateRow(row({ serial: '😀'.repeat(128) }), 'receive'))).toBe(false);
    expect(isRejection(validateRow(row({ reference: '😀'.repeat(128) }), 'receive'))).toBe(false);
  });
});

describe('DuplicateFilter', () => {
  const valid = (serial: string, line: number, product = 'LAPTOP') =>
    validateRow(row({ serial, product }, line), 'receive') as ImportRow;

  it('passes the first row of a serial and refuses the later ones, naming the first line', () => {
    const filter = new DuplicateFilter();
    expect(filter.check(valid('SN-1', 2))).toBeUndefined();
    expect(filter.check(valid('SN-2', 3))).toBeUndefined();
    expect(filter.check(valid('SN-1', 9))).toEqual({
      code: 'DUPLICATE_IN_REQUEST',
      message: 'serial SN-1 already on line 2',
    });
  });

  it('tells products apart and keeps the case of serials', () => {
    const filter = new DuplicateFilter();
    expect(filter.check(valid('SN-1', 2))).toBeUndefined();
    expect(filter.check(valid('SN-1', 3, 'PHONE'))).toBeUndefined();
    expect(filter.check(valid('sn-1', 4))).toBeUndefined();
  });
});
