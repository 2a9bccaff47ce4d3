import { parse } from 'csv-parse';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const COLUMNS = ['product', 'serial', 'location', 'reference'] as const;
export type Column = (typeof COLUMNS)[number];

/** One data row as the file has it, with the fields the import reads (trimmed, '' when absent). */
export interface CsvRow {
  /** Line of the file where the row starts (the header is line 1), as an editor or spreadsheet shows it. */
  readonly line: number;
  /** The row's cells exactly as written, for the rejected-rows file. */
  readonly cells: readonly string[];
  readonly fields: Readonly<Record<Column, string>>;
  /** Bytes of the file consumed once this row was read: the progress bar's measure. */
  readonly bytes: number;
}

export interface CsvSource {
  /** The header as written, so the rejected-rows file repeats the file's own columns. */
  readonly header: readonly string[];
  readonly rows: AsyncIterable<CsvRow>;
  /** Closes the file, whether or not the rows were read to the end. */
  close(): void;
}

export class CsvFormatError extends Error {}

/** The apostrophe a rejected-rows file puts before a cell that a spreadsheet would run as a formula. */
const FORMULA_ESCAPE = /^'(?=[=+\-@\t\r\uff1d\uff0b\uff0d\uff20])/;

/**
 * A cell as the import reads it: trimmed, and without the apostrophe that escapes a formula
 * (rejected-file.ts), so that a fixed rejected-rows file imports the serial `=A1` as `=A1`. A value
 * that really starts with an apostrophe before one of those characters cannot be imported as such.
 */
export function cellValue(cell: string): string {
  return cell.trim().replace(FORMULA_ESCAPE, '').trim();
}

/**
 * SHA-256 of the file's bytes (a rerun must know it is looking at the very same file), once the
 * whole file has parsed: a syntax error met only after some batches were imported would have the
 * clerk fix a file whose imported rows then look new to the rerun.
 */
export async function scanFile(file: string, delimiter?: string): Promise<string> {
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform: (chunk: Buffer, _encoding, done) => {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const discard = new Writable({ objectMode: true, write: (_record, _encoding, done) => done() });
  try {
    await pipeline(fs.createReadStream(file), hashing, parse(parserOptions(delimiter, false)), discard);
  } catch (error) {
    throw asCsvError(file, error);
  }
  return hash.digest('hex');
}

function parserOptions(delimiter = ',', info = true) {
  return {
    bom: true,
    delimiter,
    info,
    // Files pass through Windows and Unix tools and may end their lines either way, even mixed.
    record_delimiter: ['\r\n', '\n', '\r'],
    // A short or long row is the row's problem, reported with it; it must not stop the import.
    relax_column_count: true,
    // `Laptop 15"` in an unquoted cell is what spreadsheets write; only a broken quoted cell is fatal.
    relax_quotes: true,
  };
}

/**
 * Streams the rows of a CSV file with a header naming (in any case and order) `product`, `serial`
 * and optionally `location` and `reference`; other columns are kept but not read, so a
 * rejected-rows file can be fixed and imported as it is. Blank rows (`,,,` included) are skipped.
 */
export async function openCsv(
  file: string,
  options: { delimiter?: string; required?: readonly Column[] } = {},
): Promise<CsvSource> {
  const parser = fs.createReadStream(file).pipe(parse(parserOptions(options.delimiter)));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number; bytes: number };
  }>;
  try {
    const first = await nextRecord(records, file);
    if (first.done) throw new CsvFormatError(`${file} is empty: expected a header row`);
    const header = first.value.record;
    const index = columnIndex(header, options.required ?? ['product', 'serial']);
    return {
      header,
      rows: dataRows(records, index, first.value.info.lines, file),
      close: () => parser.destroy(),
    };
  } catch (error) {
    parser.destroy();
    throw error;
  }
}

function columnIndex(header: readonly string[], required: readonly Column[]): Record<Column, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  const index = Object.fromEntries(COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<
    Column,
    number
  >;
  const missing = required.filter((column) => index[column] === -1);
  if (missing.length > 0) {
    throw new CsvFormatError(
      `The header row lacks the column(s) ${missing.join(', ')}; it has: ${header.join(', ')}`,
    );
  }
  return index;
}

async function* dataRows(
  records: AsyncIterator<{ record: string[]; info: { lines: number; bytes: number } }>,
  index: Record<Column, number>,
  headerEndLine: number,
  file: string,
): AsyncGenerator<CsvRow> {
  let previousEndLine = headerEndLine;
  try {
    for (;;) {
      const next = await nextRecord(records, file);
      if (next.done) return;
      const { record, info } = next.value;
      const line = previousEndLine + 1;
      previousEndLine = info.lines;
      if (record.every((cell) => cell.trim() === '')) continue;
      const cell = (column: Column) => cellValue(record[index[column]] ?? '');
      const fields = {
        product: cell('product'),
        serial: cell('serial'),
        location: cell('location'),
        reference: cell('reference'),
      };
      yield { line, cells: record, fields, bytes: info.bytes };
    }
  } finally {
    await records.return?.();
  }
}

async function nextRecord<T>(records: AsyncIterator<T>, file: string): Promise<IteratorResult<T>> {
  try {
    return await records.next();
  } catch (error) {
    throw asCsvError(file, error);
  }
}

/** csv-parse's errors (codes CSV_…) become ours; a file that cannot be read stays a system error. */
function asCsvError(file: string, error: unknown): unknown {
  const { code, message } = error as { code?: string; message: string };
  if (!code?.startsWith('CSV_')) return error;
  return new CsvFormatError(`${file} is not valid CSV (${code}): ${message}`);
}
