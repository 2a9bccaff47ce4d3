import type { Batch } from './batching';
import type { BatchRecord, ImportState } from './import-state';
import type { ImportRow, Rejection } from './row-validation';

/** What a rerun does with a valid row. */
export type ResumedRow =
  /** An earlier run settled it: imported, or rejected for `rejection`; `firstOfBatch` once per batch. */
  | { kind: 'settled'; rejection: Rejection | null; firstOfBatch: boolean }
  /** Part of a batch an earlier run sent but never settled, whose other rows are still to come. */
  | { kind: 'held' }
  /** The last row of such a batch: the batch, exactly as it was sent. */
  | { kind: 'unsettled'; batch: Batch }
  /** Not seen by an earlier run: batched as this run's --batch-size says. */
  | { kind: 'new' };

interface Unsettled {
  readonly lines: readonly number[];
  readonly rows: ImportRow[];
}

/**
 * Sorts the rows of a rerun by what the journal says of their file line, whatever batch size the
 * earlier run had: settled rows are skipped, a batch whose answer was lost is sent again as it was.
 */
export class ResumedRows {
  private readonly unsettled = new Map<number, Unsettled>();
  private readonly counted = new Set<BatchRecord>();
  private readonly rejections = new WeakMap<BatchRecord, Map<number, Rejection>>();

  constructor(private readonly state: ImportState) {
    for (const lines of state.unsettledBatches()) {
      const batch = { lines, rows: [] };
      for (const line of lines) this.unsettled.set(line, batch);
    }
  }

  take(row: ImportRow): ResumedRow {
    const { line } = row.row;
    const record = this.state.settledBatch(line);
    if (record) {
      const firstOfBatch = !this.counted.has(record);
      this.counted.add(record);
      return { kind: 'settled', rejection: this.rejectionsOf(record).get(line) ?? null, firstOfBatch };
    }
    const unsettled = this.unsettled.get(line);
    if (!unsettled) return { kind: 'new' };
    unsettled.rows.push(row);
    this.unsettled.delete(line);
    if (unsettled.rows.length < unsettled.lines.length) return { kind: 'held' };
    return { kind: 'unsettled', batch: batchOf(unsettled.rows) };
  }

  /** Unsettled batches some of whose rows did not come again (they fail validation now): what came. */
  rest(): Batch[] {
    const batches = new Set([...this.unsettled.values()].filter((batch) => batch.rows.length > 0));
    this.unsettled.clear();
    return [...batches].map((batch) => batchOf(batch.rows));
  }

  private rejectionsOf(record: BatchRecord): Map<number, Rejection> {
    let byLine = this.rejections.get(record);
    if (!byLine) {
      byLine = new Map(record.rejected.map(({ line, code, message }) => [line, { code, message }]));
      this.rejections.set(record, byLine);
    }
    return byLine;
  }
}

/** One batch's rows share product, location and reference: the first row says them. */
function batchOf(rows: readonly ImportRow[]): Batch {
  const { productId, locationId, reference } = rows[0];
  return {
    index: -1,
    productId,
    ...(locationId === undefined ? {} : { locationId }),
    ...(reference === undefined ? {} : { reference }),
    rows,
  };
}
