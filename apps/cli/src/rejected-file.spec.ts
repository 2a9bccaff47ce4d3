import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { openCsv, type CsvRow } from './csv-rows';
import { writeRejectedFile } from './rejected-file';

const row = (line: number, cells: string[]): CsvRow => ({
  line,
  cells,
  bytes: 0,
  fields: { product: cells[0] ?? '', serial: cells[1] ?? '', location: '', reference: '' },
});

describe('writeRejectedFile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-rejected-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the rows in file order: line, the cells under the file’s header, code and message', () => {
    const file = path.join(dir, 'rejected.csv');
    writeRejectedFile(
      file,
      ['Product', 'Serial'],
      [
        { row: row(9, ['P', 'SN,"9"']), rejection: { code: 'SERIAL_ALREADY_EXISTS', message: 'on hand' } },
        { row: row(3, ['P']), rejection: { code: 'VALIDATION_FAILED', message: 'serial is empty' } },
      ],
    );
    expect(parse(fs.readFileSync(file))).toEqual([
      ['line', 'Product', 'Serial', 'code', 'message'],
      ['3', 'P', '', 'VALIDATION_FAILED', 'serial is empty'],
      ['9', 'P', 'SN,"9"', 'SERIAL_ALREADY_EXISTS', 'on hand'],
    ]);
    expect(fs.readdirSync(dir)).toEqual(['rejected.csv']);
  });

  it('writes the header alone when nothing was rejected', () => {
    const file = path.join(dir, 'rejected.csv');
    writeRejectedFile(file, ['product', 'serial'], []);
    expect(fs.readFileSync(file, 'utf8')).toBe('line,product,serial,code,message\n');
  });

  it('can be imported again once fixed: the extra columns are ignored', async () => {
    const file = path.join(dir, 'rejected.csv');
    writeRejectedFile(
      file,
      ['product', 'serial'],
      [{ row: row(4, ['P', 'SN-4']), rejection: { code: 'PRODUCT_NOT_FOUND', message: 'no P' } }],
    );
    const csv = await openCsv(file);
    const fields = [];
    for await (const r of csv.rows) fields.push(r.fields);
    expect(fields).toEqual([{ product: 'P', serial: 'SN-4', location: '', reference: '' }]);
  });

  it('escapes every cell a spreadsheet would run as a formula, and imports it back as it was', async () => {
    const file = path.join(dir, 'rejected.csv');
    const serials = ['=HYPERLINK("http://x","y")', '+SUM(A1)', '-A1', '@cmd', '\tx', '\uff1dA1', 'SN-1'];
    writeRejectedFile(
      file,
      ['product', 'serial'],
      serials.map((serial, i) => ({
        row: row(i + 2, ['P', serial]),
        rejection: { code: 'VALIDATION_FAILED', message: '=cmd|calc' },
      })),
    );
    const cells = parse(fs.readFileSync(file)) as string[][];
    for (const record of cells.slice(1)) {
      for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r\uff1d]/);
    }
    expect(cells[1][2]).toBe(`'=HYPERLINK("http://x","y")`);
    const csv = await openCsv(file);
    const read = [];
    for await (const r of csv.rows) read.push(r.fields.serial);
    expect(read).toEqual(serials.map((serial) => serial.trim()));
  });
});
