import type { Batch } from './batching';
import { commandBody, commandPath, idempotencyKey } from './batch-command';
import type { CsvRow } from './csv-rows';
import type { ImportRow } from './row-validation';

const rows = (...serials: string[]): ImportRow[] =>
  serials.map((serialNumber, i) => ({ row: { line: i + 2 } as CsvRow, productId: 'P', serialNumber }));
const batch = (extra: Partial<Batch> = {}): Batch => ({
  index: 3,
  productId: 'P',
  locationId: 'WH/Stock',
  rows: rows('A', 'B'),
  ...extra,
});

describe('commandBody', () => {
  it('receives the rows given into the batch destination, with its reference', () => {
    expect(commandPath('receive')).toBe('/v1/serials/receive');
    expect(commandBody('receive', batch({ reference: 'BILL-7' }), rows('B'))).toEqual({
      productId: 'P',
      serialNumbers: ['B'],
      toLocationId: 'WH/Stock',
      reference: 'BILL-7',
    });
  });

  it('registers with the reference as the internal reference, and nothing left undefined', () => {
    const body = commandBody('register', batch({ locationId: undefined, reference: 'R' }), rows('A'));
    expect(body).toEqual({ productId: 'P', serialNumbers: ['A'], internalReference: 'R' });
    expect(Object.keys(commandBody('register', batch({ locationId: undefined }), rows('A')))).toEqual([
      'productId',
      'serialNumbers',
    ]);
  });
});

describe('idempotencyKey', () => {
  const base = { fileSha256: 'f'.repeat(64), mode: 'receive' as const, lines: [2, 3, 4] };

  it('is the same for the same file, mode and rows, whatever the batch size: a rerun replays', () => {
    expect(idempotencyKey(base)).toBe(idempotencyKey({ ...base, lines: [2, 3, 4] }));
  });

  it.each([
    ['another file', { fileSha256: 'e'.repeat(64) }],
    ['another mode', { mode: 'register' as const }],
    ['other rows', { lines: [5, 6, 7] }],
    ['the rows left after a refusal', { lines: [2, 4] }],
  ])('differs for %s', (_name, change) => {
    expect(idempotencyKey({ ...base, ...change })).not.toBe(idempotencyKey(base));
  });

  it('fits the header: 1-255 printable ASCII characters', () => {
    expect(idempotencyKey({ ...base, lines: [10_000_000] })).toMatch(/^[\x20-\x7e]{1,255}$/);
  });
});
