import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CsvFormatError } from './csv-rows';
import { defaultPaths, runImport } from './run-import';

describe('runImport', () => {
  let dir: string;
  const fetch = jest.fn(async () => new Response('{"position":"1","serials":[]}', { status: 200 }));
  const write = (text: string) => {
    const file = path.join(dir, 'rows.csv');
    fs.writeFileSync(file, text);
    return file;
  };
  const run = (file: string) =>
    runImport({ file, mode: 'receive', url: 'http://127.0.0.1:1', token: 'T', batchSize: 2, fetch });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-run-'));
    fetch.mockClear();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sends nothing from a file with a syntax error, however late in the file', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `P,S${i},WH/Stock`);
    await expect(run(write(['product,serial,location', ...rows, 'P,"S11'].join('\n')))).rejects.toThrow(
      CsvFormatError,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('finishes a file without data rows with an empty rejected-rows file', async () => {
    const file = write('product,serial,location\n,,\n');
    await expect(run(file)).resolves.toMatchObject({ rowsRead: 0, imported: 0, rejected: 0, batches: 0 });
    expect(fs.readFileSync(path.join(dir, 'rows.rejected.csv'), 'utf8')).toBe(
      'line,product,serial,location,code,message\n',
    );
  });

  it('sends the rows of a file in batches and keeps its journal next to it', async () => {
    const summary = await run(
      write('product,serial,location\nP,S1,WH/Stock\nP,S2,WH/Stock\nP,S3,WH/Stock\n'),
    );
    expect(summary).toMatchObject({ rowsRead: 3, imported: 3, batches: 2, batchesSent: 2 });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fs.readFileSync(summary.stateFile, 'utf8').split('\n')).toHaveLength(4);
  });

  it('puts its files next to the CSV by default', () => {
    expect(defaultPaths('/in/Bill 7.CSV', 'receive')).toEqual({
      rejectedFile: '/in/Bill 7.rejected.csv',
      stateFile: '/in/Bill 7.CSV.receive-state.jsonl',
    });
    expect(defaultPaths('serials.txt', 'register')).toEqual({
      rejectedFile: 'serials.txt.rejected.csv',
      stateFile: 'serials.txt.register-state.jsonl',
    });
  });
});
