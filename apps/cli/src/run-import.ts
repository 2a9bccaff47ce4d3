import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiClient, ImportFailedError, type RetryPolicy } from './api-client';
import { Batcher, type Batch } from './batching';
import { sendBatch } from './batch-sender';
import { openCsv, scanFile } from './csv-rows';
import { ImportState, type BatchRecord } from './import-state';
import { ResumedRows, type ResumedRow } from './resumed-rows';
import { silentProgress, type ProgressReporter } from './progress';
import { freeRejectedFile, writeRejectedFile, type RejectedRow } from './rejected-file';
import { DuplicateFilter, isRejection, validateRow, type ImportMode, type ImportRow } from './row-validation';

/** API.md: one request carries up to 10,000 serials. */
export const MAX_BATCH_SIZE = 10_000;
export const DEFAULT_BATCH_SIZE = 5_000;

export interface ImportOptions {
  readonly file: string;
  readonly mode: ImportMode;
  /** The service's base URL, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** A JWT with the operator role: its subject is the user recorded on every event. */
  readonly token: string;
  readonly batchSize?: number;
  /** Default: next to the CSV, `<name>.rejected.csv`; numbered `-2`, `-3`, … when an earlier run's is there. */
  readonly rejectedFile?: string;
  /** Default: next to the CSV, `<file>.<mode>-state.jsonl`. */
  readonly stateFile?: string;
  readonly delimiter?: string;
  /** Stops the import between (or during) requests; a rerun resumes it. */
  readonly signal?: AbortSignal;
  readonly progress?: ProgressReporter;
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  readonly requestTimeoutMs?: number;
}

export interface ImportSummary {
  /** Data rows of the file (blank rows are not counted). */
  readonly rowsRead: number;
  /** Rows now imported, by this run or by an interrupted one it resumed. */
  readonly imported: number;
  readonly rejected: number;
  readonly batches: number;
  readonly batchesSent: number;
  /** Batches an earlier run had finished, skipped by this one. */
  readonly batchesResumed: number;
  /** Rows an earlier run had settled (imported or rejected by the service), whatever its batch size. */
  readonly rowsResumed: number;
  /** Batches whose success the service replayed: an earlier run had sent them but lost the answer. */
  readonly batchesReplayed: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** The file this run listed its rejected rows in: never one an earlier run wrote (see freeRejectedFile). */
  readonly rejectedFile: string;
  readonly stateFile: string;
}

export function defaultPaths(file: string, mode: ImportMode): { rejectedFile: string; stateFile: string } {
  const { dir, name, ext } = path.parse(file);
  const base = ext.toLowerCase() === '.csv' ? name : `${name}${ext}`;
  return {
    rejectedFile: path.join(dir, `${base}.rejected.csv`),
    stateFile: path.join(dir, `${name}${ext}.${mode}-state.jsonl`),
  };
}

/**
 * Imports a CSV file of serials through the service's register or receive command, in batches.
 * Resolves with the summary once every row is imported or rejected; rejects with ImportFailedError,
 * CsvFormatError or the signal's reason when it cannot go on, and a rerun then resumes it row by row,
 * with any --batch-size, without importing any row twice.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new ImportFailedError(`--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE}`);
  }
  const { mode, file, signal } = options;
  const paths = { ...defaultPaths(file, mode), ...definedPaths(options) };
  const totalBytes = fs.statSync(file).size;
  const fileSha256 = await scanFile(file, options.delimiter);
  const csv = await openCsv(file, {
    delimiter: options.delimiter,
    required: mode === 'receive' ? ['product', 'serial', 'location'] : ['product', 'serial'],
  });
  const progress = options.progress ?? silentProgress;
  const client = new ApiClient({ ...options, signal, onRetry: (notice) => progress.retrying(notice) });
  const duplicates = new DuplicateFilter();
  const batcher = new Batcher(batchSize);
  const rejected: RejectedRow[] = [];
  const count = {
    rowsRead: 0,
    imported: 0,
    batches: 0,
    batchesSent: 0,
    batchesResumed: 0,
    batchesReplayed: 0,
    rowsResumed: 0,
  };
  let rejectedFile = paths.rejectedFile;
  let bytesRead = 0;
  const report = () => progress.update({ bytesRead, totalBytes, ...count, rejected: rejected.length });

  const settle = async (state: ImportState, batch: Batch, journalled = false) => {
    signal?.throwIfAborted();
    report();
    if (!journalled) await state.sending(batch.rows.map((r) => r.row.line));
    const record = await sendBatch(client, batch, { fileSha256, mode });
    await state.record(record);
    rejected.push(...rejectedRows(batch, record));
    count.batches += 1;
    count.batchesSent += 1;
    count.imported += record.imported;
    if (record.replayed) count.batchesReplayed += 1;
    report();
  };
  const resume = (row: ImportRow, outcome: Extract<ResumedRow, { kind: 'settled' }>) => {
    count.rowsResumed += 1;
    if (outcome.firstOfBatch)
      [count.batches, count.batchesResumed] = [count.batches + 1, count.batchesResumed + 1];
    if (outcome.rejection) rejected.push({ row: row.row, rejection: outcome.rejection });
    else count.imported += 1;
  };

  try {
    const state = ImportState.open(paths.stateFile, { fileSha256, mode });
    const resumed = new ResumedRows(state);
    report();
    for await (const row of csv.rows) {
      count.rowsRead += 1;
      bytesRead = row.bytes;
      const checked = validateRow(row, mode);
      const result = isRejection(checked) ? checked : (duplicates.check(checked) ?? checked);
      if (isRejection(result)) {
        rejected.push({ row, rejection: result });
        continue;
      }
      const outcome = resumed.take(result);
      if (outcome.kind === 'settled') resume(result, outcome);
      else if (outcome.kind === 'unsettled') await settle(state, outcome.batch, true);
      else if (outcome.kind === 'new') for (const batch of batcher.add(result)) await settle(state, batch);
    }
    bytesRead = totalBytes;
    for (const batch of resumed.rest()) await settle(state, batch, true);
    for (const batch of batcher.flush()) await settle(state, batch);
    rejectedFile = freeRejectedFile(paths.rejectedFile);
    writeRejectedFile(rejectedFile, csv.header, rejected);
  } finally {
    progress.stop();
    csv.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const rowsPerSecond = seconds > 0 ? count.rowsRead / seconds : 0;
  return { ...count, rejected: rejected.length, seconds, rowsPerSecond, ...paths, rejectedFile };
}

/** The batch's rows the record says were refused, with their cells for the rejected-rows file. */
function rejectedRows(batch: Batch, record: BatchRecord): RejectedRow[] {
  const rowsByLine = new Map(batch.rows.map((r) => [r.row.line, r.row]));
  return record.rejected.flatMap(({ line, code, message }) => {
    const row = rowsByLine.get(line);
    return row ? [{ row, rejection: { code, message } }] : [];
  });
}

function definedPaths(options: ImportOptions): Partial<{ rejectedFile: string; stateFile: string }> {
  return {
    ...(options.rejectedFile ? { rejectedFile: options.rejectedFile } : {}),
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
  };
}
