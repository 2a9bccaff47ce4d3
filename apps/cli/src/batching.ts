import type { ImportRow } from './row-validation';

/** One command: serials of one product, destination and reference, in file order. */
export interface Batch {
  /** Counts from 0 in the order batches are formed; the same file and options give the same batches. */
  readonly index: number;
  readonly productId: string;
  readonly locationId?: string;
  readonly reference?: string;
  readonly rows: readonly ImportRow[];
}

/**
 * Groups rows by (product, location, reference) into batches of up to `batchSize` rows. Groups stay
 * open while the file interleaves them, so a file sorted by serial across a few products still
 * makes full batches; once `maxBuffered` rows wait in open groups, the largest group is sent early,
 * which bounds memory. Deterministic: resuming relies on a rerun forming the very same batches.
 */
export class Batcher {
  private readonly open = new Map<string, ImportRow[]>();
  private buffered = 0;
  private nextIndex = 0;

  constructor(
    private readonly batchSize: number,
    private readonly maxBuffered = Math.max(4 * batchSize, 50_000),
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be at least 1');
    if (maxBuffered < batchSize) throw new RangeError('maxBuffered must be at least batchSize');
  }

  /** Takes a row; returns the batches it completed (none, or one). */
  add(row: ImportRow): Batch[] {
    const key = groupKey(row);
    const rows = this.open.get(key) ?? [];
    if (rows.length === 0) this.open.set(key, rows);
    rows.push(row);
    this.buffered += 1;
    if (rows.length >= this.batchSize) return [this.take(key)];
    if (this.buffered >= this.maxBuffered) return [this.take(this.largestGroup())];
    return [];
  }

  /** The rest, oldest group first: at the end of the file. */
  flush(): Batch[] {
    return [...this.open.keys()].map((key) => this.take(key));
  }

  private largestGroup(): string {
    let largest = '';
    let size = -1;
    // Map order is first appearance, and only a strictly larger group wins: ties go to the oldest.
    for (const [key, rows] of this.open) {
      if (rows.length > size) [largest, size] = [key, rows.length];
    }
    return largest;
  }

  private take(key: string): Batch {
    const rows = this.open.get(key)!;
    this.open.delete(key);
    this.buffered -= rows.length;
    const { productId, locationId, reference } = rows[0];
    return {
      index: this.nextIndex++,
      productId,
      ...(locationId === undefined ? {} : { locationId }),
      ...(reference === undefined ? {} : { reference }),
      rows,
    };
  }
}

function groupKey(row: ImportRow): string {
  return JSON.stringify([row.productId, row.locationId ?? null, row.reference ?? null]);
}
