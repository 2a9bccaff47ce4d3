import type { CsvRow } from './csv-rows';
import { Batcher, type Batch } from './batching';
import type { ImportRow } from './row-validation';

let line = 1;
const row = (productId: string, serialNumber: string, reference?: string): ImportRow => ({
  row: { line: ++line } as CsvRow,
  productId,
  serialNumber,
  locationId: 'WH/Stock',
  ...(reference === undefined ? {} : { reference }),
});
const shape = (batches: Batch[]) =>
  batches.map(
    (b) => `${b.index}:${b.productId}/${b.reference ?? '-'}:${b.rows.map((r) => r.serialNumber).join(',')}`,
  );
const feed = (batcher: Batcher, rows: ImportRow[]) => [
  ...rows.flatMap((r) => batcher.add(r)),
  ...batcher.flush(),
];

describe('Batcher', () => {
  it('cuts a run of one product, location and reference into batches of the size asked', () => {
    const rows = ['1', '2', '3', '4', '5'].map((s) => row('P', s, 'R'));
    expect(shape(feed(new Batcher(2), rows))).toEqual(['0:P/R:1,2', '1:P/R:3,4', '2:P/R:5']);
  });

  it('keeps the destination and reference of the group on the batch', () => {
    const [batch] = feed(new Batcher(10), [row('P', '1', 'BILL-7')]);
    expect(batch).toMatchObject({ productId: 'P', locationId: 'WH/Stock', reference: 'BILL-7' });
    expect(feed(new Batcher(10), [row('P', '1')])[0]).not.toHaveProperty('reference');
  });

  it('collects interleaved groups into full batches, in file order within each', () => {
    const rows = [row('A', '1'), row('B', '1'), row('A', '2'), row('B', '2'), row('A', '3')];
    expect(shape(feed(new Batcher(2), rows))).toEqual(['0:A/-:1,2', '1:B/-:1,2', '2:A/-:3']);
  });

  it('tells groups apart by reference too', () => {
    const rows = [row('A', '1', 'R1'), row('A', '2', 'R2'), row('A', '3', 'R1')];
    expect(shape(feed(new Batcher(5), rows))).toEqual(['0:A/R1:1,3', '1:A/R2:2']);
  });

  it('sends the largest group early once too many rows wait, ties going to the oldest', () => {
    const rows = [row('A', '1'), row('B', '1'), row('B', '2'), row('C', '1'), row('A', '2'), row('C', '2')];
    const batcher = new Batcher(3, 4);
    const formed = rows.map((r) => shape(batcher.add(r)));
    expect(formed).toEqual([[], [], [], ['0:B/-:1,2'], [], ['1:A/-:1,2']]);
    expect(shape(batcher.flush())).toEqual(['2:C/-:1,2']);
  });

  it('forms the same batches from the same rows: resuming depends on it', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(`P${i % 3}`, String(i), `R${i % 2}`));
    expect(shape(feed(new Batcher(4, 8), rows))).toEqual(shape(feed(new Batcher(4, 8), rows)));
  });

  it('refuses sizes that cannot work', () => {
    expect(() => new Batcher(0)).toThrow(RangeError);
    expect(() => new Batcher(10, 5)).toThrow(RangeError);
  });
});
