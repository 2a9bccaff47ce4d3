import * as fs from 'node:fs';
import { ImportFailedError } from './api-client';
import type { ImportMode, Rejection } from './row-validation';

const FORMAT = 'serial-csv-import/2';

/** What makes a row of one run the same row of another: the file's content and the command. */
export interface ImportIdentity {
  readonly fileSha256: string;
  readonly mode: ImportMode;
}

/** The outcome of one batch, by the file lines it held: enough to skip them and still report its rejections. */
export interface BatchRecord {
  readonly lines: readonly number[];
  readonly imported: number;
  readonly replayed: boolean;
  readonly rejected: readonly (Rejection & { readonly line: number })[];
}

type JournalLine = { sending: readonly number[] } | { done: BatchRecord };

/**
 * Which rows an import has settled, keyed by file line, so a rerun with another --batch-size resumes
 * exactly: a journal of JSON lines after a header naming the import. Before its first request a batch
 * is journalled as `sending` with its lines; once settled, as `done` with each row's outcome. A batch
 * sent but never settled (its answer lost) is sent again first, with the very same rows and so the same
 * Idempotency-Key: the service replays it instead of refusing rows this import already brought in.
 * A line cut short by a kill is dropped on the next open. Appending keeps the cost per batch constant.
 */
export class ImportState {
  private constructor(
    readonly file: string,
    private readonly settled: Map<number, BatchRecord>,
    private readonly unsettled: Map<string, readonly number[]>,
  ) {}

  static open(file: string, identity: ImportIdentity): ImportState {
    const header = `${JSON.stringify({ format: FORMAT, ...identity })}\n`;
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    // Empty, or a header cut short by a kill: nothing was done yet.
    if (header.startsWith(text)) {
      fs.writeFileSync(file, header);
      return new ImportState(file, new Map(), new Map());
    }
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const [first, ...lines] = complete.split('\n').filter((line) => line !== '');
    checkHeader(file, first, identity);
    // A torn last line would otherwise glue itself to the next record appended.
    if (complete.length < text.length) fs.truncateSync(file, Buffer.byteLength(complete));
    const state = new ImportState(file, new Map(), new Map());
    for (const line of lines) state.remember(parseLine(file, line) as JournalLine);
    return state;
  }

  /** The batch that settled this row, when an earlier run did. */
  settledBatch(line: number): BatchRecord | undefined {
    return this.settled.get(line);
  }

  /** Batches that were sent and never settled, each as the lines it held. */
  unsettledBatches(): readonly (readonly number[])[] {
    return [...this.unsettled.values()];
  }

  async sending(lines: readonly number[]): Promise<void> {
    await this.append({ sending: lines });
  }

  async record(record: BatchRecord): Promise<void> {
    await this.append({ done: record });
  }

  private async append(entry: JournalLine): Promise<void> {
    await fs.promises.appendFile(this.file, `${JSON.stringify(entry)}\n`);
    this.remember(entry);
  }

  private remember(entry: JournalLine): void {
    if ('sending' in entry) {
      this.unsettled.set(JSON.stringify(entry.sending), entry.sending);
      return;
    }
    this.unsettled.delete(JSON.stringify(entry.done.lines));
    for (const line of entry.done.lines) this.settled.set(line, entry.done);
  }
}

function checkHeader(file: string, line: string | undefined, expected: ImportIdentity): void {
  const found = ((line === undefined ? undefined : parseLine(file, line)) ?? {}) as Partial<
    ImportIdentity & { format: string }
  >;
  const startOver = `delete ${file} to start over (rows imported already will then be refused as existing)`;
  if (found.format === 'serial-csv-import/1') {
    throw new ImportFailedError(
      `${file} was written by an older version of this CLI; finish that import with it, or ${startOver}.`,
    );
  }
  if (found.format !== FORMAT) {
    throw new ImportFailedError(
      `${file} is not a state file of this CLI; pass another --state or ${startOver}.`,
    );
  }
  if (found.fileSha256 !== expected.fileSha256) {
    throw new ImportFailedError(
      `The CSV file changed since the import recorded in ${file} began; ${startOver}.`,
    );
  }
  if (found.mode !== expected.mode) {
    throw new ImportFailedError(
      `${file} belongs to an import with --mode ${found.mode}; resume it with that mode, or ${startOver}.`,
    );
  }
}

function parseLine(file: string, line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new ImportFailedError(
      `${file} is damaged (a line is not JSON); pass another --state or delete it.`,
    );
  }
}
