import type { ApiClient } from './api-client';
import { commandBody, commandPath, idempotencyKey } from './batch-command';
import type { Batch } from './batching';
import type { BatchRecord } from './import-state';
import type { ImportMode, ImportRow } from './row-validation';

/**
 * Sends one batch until the service accepts what is left of it. Commands are all-or-nothing and a
 * refusal names every offending serial, so those rows are set aside and the rest sent again (a new
 * body, so a new key). Each round drops at least one row: at most one round per row.
 */
export async function sendBatch(
  client: Pick<ApiClient, 'sendCommand'>,
  batch: Batch,
  context: { fileSha256: string; mode: ImportMode },
): Promise<BatchRecord> {
  const rejected: BatchRecord['rejected'][number][] = [];
  let remaining: readonly ImportRow[] = batch.rows;
  let imported = 0;
  let replayed = false;
  while (remaining.length > 0) {
    const key = idempotencyKey({ ...context, lines: remaining.map((r) => r.row.line) });
    const outcome = await client.sendCommand(
      commandPath(context.mode),
      commandBody(context.mode, batch, remaining),
      key,
    );
    if (outcome.kind === 'accepted') {
      imported = remaining.length;
      replayed = outcome.replayed;
      break;
    }
    if (outcome.kind === 'batch-rejected') {
      rejected.push(...remaining.map((r) => ({ line: r.row.line, ...outcome.rejection })));
      break;
    }
    const refused = remaining.filter((r) => outcome.bySerial.has(r.serialNumber));
    if (refused.length === 0) {
      // Naming none of the serials sent would make the next round the same as this one.
      const [first] = outcome.bySerial.values();
      rejected.push(...remaining.map((r) => ({ line: r.row.line, ...first })));
      break;
    }
    rejected.push(...refused.map((r) => ({ line: r.row.line, ...outcome.bySerial.get(r.serialNumber)! })));
    remaining = remaining.filter((r) => !outcome.bySerial.has(r.serialNumber));
  }
  return { lines: batch.rows.map((r) => r.row.line), imported, replayed, rejected };
}
