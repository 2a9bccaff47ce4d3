import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CsvFormatError, openCsv, scanFile, type CsvRow } from './csv-rows';

describe('openCsv', () => {
  let dir: string;
  const write = (text: string) => {
    const file = path.join(dir, 'rows.csv');
    fs.writeFileSync(file, text);
    return file;
  };
  const readAll = async (file: string, options: Parameters<typeof openCsv>[1] = {}) => {
    const csv = await openCsv(file, options);
    const rows: CsvRow[] = [];
    for await (const row of csv.rows) rows.push(row);
    return { header: csv.header, rows };
  };
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-csv-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the columns by name in any case and order, trims them and keeps the cells as written', async () => {
    const file = write('\uFEFFReference,SERIAL,Vendor,Product\nBILL-1, SN-1 ,ACME,LAPTOP\n');
    const { header, rows } = await readAll(file);
    expect(header).toEqual(['Reference', 'SERIAL', 'Vendor', 'Product']);
    expect(rows).toEqual([
      {
        line: 2,
        cells: ['BILL-1', ' SN-1 ', 'ACME', 'LAPTOP'],
        fields: { product: 'LAPTOP', serial: 'SN-1', location: '', reference: 'BILL-1' },
        bytes: expect.any(Number),
      },
    ]);
  });

  it('numbers rows by the line they start on, across quoted line breaks and skipped blank rows', async () => {
    const file = write('product,serial\r\nP,"A\nB"\n\n,\nP,C\nP,"15"" screen"\nP,15"\n');
    const { rows } = await readAll(file);
    expect(rows.map((r) => [r.line, r.fields.serial])).toEqual([
      [2, 'A\nB'],
      [6, 'C'],
      [7, '15" screen'],
      [8, '15"'],
    ]);
  });

  it('hands short and long rows on to be judged rather than failing the file', async () => {
    const { rows } = await readAll(write('product,serial\nP\nP,1,extra\n'));
    expect(rows.map((r) => r.fields)).toEqual([
      { product: 'P', serial: '', location: '', reference: '' },
      { product: 'P', serial: '1', location: '', reference: '' },
    ]);
  });

  it('reads another delimiter', async () => {
    const { rows } = await readAll(write('product;serial\nP;1,5\n'), { delimiter: ';' });
    expect(rows[0].fields).toMatchObject({ product: 'P', serial: '1,5' });
  });

  it('counts the bytes read, for the progress bar', async () => {
    const text = 'product,serial\nP,1\nP,2\n';
    const { rows } = await readAll(write(text));
    expect(rows.map((r) => r.bytes)).toEqual([19, 23]);
  });

  it('names the columns a header lacks', async () => {
    await expect(
      openCsv(write('product,serial\n'), { required: ['product', 'serial', 'location'] }),
    ).rejects.toThrow('The header row lacks the column(s) location; it has: product, serial');
    await expect(openCsv(write(''))).rejects.toThrow(CsvFormatError);
  });

  it('stops on a quoted cell that never closes: no row after it can be trusted', async () => {
    const file = write('product,serial\nP,"unclosed\nP,2\n');
    await expect(readAll(file)).rejects.toThrow(CsvFormatError);
    await expect(scanFile(file)).rejects.toThrow(/not valid CSV \(CSV_QUOTE_NOT_CLOSED\)/);
    await expect(scanFile(path.join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('hashes the bytes of a file that parses to the end, before anything is sent', async () => {
    expect(await scanFile(write('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
