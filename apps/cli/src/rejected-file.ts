import { stringify } from 'csv-stringify/sync';
import * as fs from 'node:fs';
import type { CsvRow } from './csv-rows';
import type { Rejection } from './row-validation';

export interface RejectedRow {
  readonly row: CsvRow;
  readonly rejection: Rejection;
}

/**
 * Every rejected row in file order: its line, its cells as written under the file's own header,
 * then the code and the message. Unknown columns are ignored on import, so once fixed the file can
 * be imported as it is. Written whole to a temporary file and renamed: never half a report.
 *
 * An operator opens it in a spreadsheet, so no cell may become a formula there: a cell starting
 * with = + - @ (or their full-width forms), a tab or a carriage return gets a leading apostrophe
 * (csv-stringify's escape_formulas), which the import takes off again (csv-rows.ts).
 */
export function writeRejectedFile(
  file: string,
  header: readonly string[],
  rejected: readonly RejectedRow[],
): void {
  const width = rejected.reduce((widest, { row }) => Math.max(widest, row.cells.length), header.length);
  const pad = (cells: readonly string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
  const records = [...rejected]
    .sort((a, b) => a.row.line - b.row.line)
    .map(({ row, rejection }) => [String(row.line), ...pad(row.cells), rejection.code, rejection.message]);
  const text = stringify([['line', ...pad(header), 'code', 'message'], ...records], {
    escape_formulas: true,
  });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
