import * as fs from 'node:fs';
import { ImportFailedError } from './api-client';
import type { ImportMode, Rejection } from './row-validation';

const FORMAT = 'serial-csv-import/1';

/** What makes batch N of one run the same batch N of another. */
export interface ImportIdentity {
  readonly fileSha256: string;
  readonly mode: ImportMode;
  readonly batchSize: number;
}

/** The outcome of one batch, enough to skip it on a rerun and still report its rejected rows. */
export interface BatchRecord {
  readonly batch: number;
  readonly imported: number;
  readonly replayed: boolean;
  readonly rejected: readonly (Rejection & { readonly line: number })[];
}

/**
 * Which batches an import has finished: a journal of one JSON line per finished batch after a
 * header line naming the import. Appending keeps the cost per batch constant however long the
 * file; a line cut short by a kill is dropped on the next open, and that batch is simply sent again
 * with the same Idempotency-Key, so the service replays it. The journal only saves time: the keys
 * alone already make a rerun safe while the service remembers them (24 h).
 */
export class ImportState {
  private constructor(
    readonly file: string,
    private readonly records: Map<number, BatchRecord>,
  ) {}

  static open(file: string, identity: ImportIdentity): ImportState {
    const header = `${JSON.stringify({ format: FORMAT, ...identity })}\n`;
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    // Empty, or a header cut short by a kill: nothing was done yet.
    if (header.startsWith(text)) {
      fs.writeFileSync(file, header);
      return new ImportState(file, new Map());
    }
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const [first, ...lines] = complete.split('\n').filter((line) => line !== '');
    checkHeader(file, first, identity);
    // A torn last line would otherwise glue itself to the next record appended.
    if (complete.length < text.length) fs.truncateSync(file, Buffer.byteLength(complete));
    const records = new Map<number, BatchRecord>();
    for (const line of lines) {
      const record = parseLine(file, line) as BatchRecord;
      records.set(record.batch, record);
    }
    return new ImportState(file, records);
  }

  get(batch: number): BatchRecord | undefined {
    return this.records.get(batch);
  }

  get size(): number {
    return this.records.size;
  }

  async record(record: BatchRecord): Promise<void> {
    await fs.promises.appendFile(this.file, `${JSON.stringify(record)}\n`);
    this.records.set(record.batch, record);
  }
}

function checkHeader(file: string, line: string | undefined, expected: ImportIdentity): void {
  const found = ((line === undefined ? undefined : parseLine(file, line)) ?? {}) as Partial<
    ImportIdentity & { format: string }
  >;
  const startOver = `delete ${file} to start over (rows imported already will then be refused as existing)`;
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
  if (found.mode !== expected.mode || found.batchSize !== expected.batchSize) {
    throw new ImportFailedError(
      `${file} belongs to an import with --mode ${found.mode} --batch-size ${found.batchSize}; ` +
        `resume it with the same options, or ${startOver}.`,
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
