import { addMonthsUtc } from './dates';
import { ENTITY_ID_PATTERN, SERIAL_NUMBER_PATTERN } from './identifiers';
import { expandSerialRange } from './serial-range';
import { serialStreamId } from './stream-ids';

describe('serial ranges', () => {
  it('counts the last run of digits up, keeping prefix, suffix and padding', () => {
    expect(expandSerialRange('SN-0098', 3)).toEqual(['SN-0098', 'SN-0099', 'SN-0100']);
    expect(expandSerialRange('A1-B007-X', 2)).toEqual(['A1-B007-X', 'A1-B008-X']);
    expect(expandSerialRange('99', 2)).toEqual(['99', '100']);
  });

  it('counts beyond the safe integer range without losing digits', () => {
    expect(expandSerialRange('SN-99999999999999999999', 2)).toEqual([
      'SN-99999999999999999999',
      'SN-100000000000000000000',
    ]);
  });

  it('has nothing to count without digits', () => {
    expect(expandSerialRange('ABC', 2)).toBeNull();
  });
});

describe('serial stream ids', () => {
  it('are per product by default and per serial number with global uniqueness, escaping separators', () => {
    expect(serialStreamId('product', 'P:1', 'SN/01')).toBe('serial-P%3A1:SN%2F01');
    expect(serialStreamId('global', 'P:1', 'SN/01')).toBe('serial-SN%2F01');
  });
});

describe('warranty months', () => {
  it('adds calendar months in UTC and clamps to the end of shorter months', () => {
    expect(addMonthsUtc('2026-01-31T12:00:00.000Z', 1)).toBe('2026-02-28T12:00:00.000Z');
    expect(addMonthsUtc('2024-01-31T00:00:00.000Z', 1)).toBe('2024-02-29T00:00:00.000Z');
    expect(addMonthsUtc('2026-03-15T10:00:00.000Z', 24)).toBe('2028-03-15T10:00:00.000Z');
  });
});

describe('identifier patterns', () => {
  it('take ERP ids of up to 64 characters from a small alphabet, case-sensitive', () => {
    expect(ENTITY_ID_PATTERN.test('WH/Stock-2:a_b.c')).toBe(true);
    expect(ENTITY_ID_PATTERN.test('x'.repeat(65))).toBe(false);
    expect(ENTITY_ID_PATTERN.test('WH Stock')).toBe(false);
  });

  it('take serial numbers of up to 128 printable characters', () => {
    expect(SERIAL_NUMBER_PATTERN.test('SN 0001/ä')).toBe(true);
    expect(SERIAL_NUMBER_PATTERN.test('x'.repeat(129))).toBe(false);
    expect(SERIAL_NUMBER_PATTERN.test('SN\u202E1')).toBe(false);
    expect(SERIAL_NUMBER_PATTERN.test('SN\n1')).toBe(false);
  });
});
