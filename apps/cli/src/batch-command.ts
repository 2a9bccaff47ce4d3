import { createHash } from 'node:crypto';
import type { Batch } from './batching';
import type { ImportMode, ImportRow } from './row-validation';

/** Bumped whenever batching or bodies change, so that keys of an older CLI never meet a new body. */
const KEY_VERSION = 'v2';

export function commandPath(mode: ImportMode): string {
  return `/v1/serials/${mode}`;
}

/** The command for some rows of a batch (all of them, or those left after the service refused some). */
export function commandBody(mode: ImportMode, batch: Batch, rows: readonly ImportRow[]): object {
  const serialNumbers = rows.map((row) => row.serialNumber);
  if (mode === 'register') {
    // Register has no plain `reference`: a clerk's reference for serials that are not received yet is internal.
    return {
      productId: batch.productId,
      serialNumbers,
      ...(batch.reference === undefined ? {} : { internalReference: batch.reference }),
    };
  }
  return {
    productId: batch.productId,
    serialNumbers,
    toLocationId: batch.locationId,
    ...(batch.reference === undefined ? {} : { reference: batch.reference }),
  };
}

/**
 * The Idempotency-Key of a command: a function of the file's content, the mode and the exact rows sent
 * (their file lines, which name them whatever the batch size). A rerun after a crash therefore sends
 * the same key with the same body and gets the first answer replayed instead of a second execution,
 * including each step of a batch that lost rows on the way (the service replays the refusal too, so
 * the rows left are the same).
 */
export function idempotencyKey(input: {
  fileSha256: string;
  mode: ImportMode;
  lines: readonly number[];
}): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([KEY_VERSION, input.fileSha256, input.mode, input.lines]))
    .digest('hex');
  return `csv-import:${input.mode}:${input.lines[0] ?? 0}:${digest}`;
}
