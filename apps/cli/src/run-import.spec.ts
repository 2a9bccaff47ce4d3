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
    // The header, then each batch journalled as sent and as settled.
    expect(fs.readFileSync(summary.stateFile, 'utf8').split('\n')).toHaveLength(6);
  });

  it('resumes by row with another batch size: a batch whose answer was lost goes again as it was', async () => {
    const file = write(
      ['product,serial,location', ...[1, 2, 3, 4, 5].map((i) => `P,S${i},WH/Stock`)].join('\n'),
    );
    const sent: { key: string; serials: string[] }[] = [];
    const controller = new AbortController();
    const answering = (lose: boolean): typeof globalThis.fetch =>
      jest.fn(async (_url: unknown, init?: RequestInit) => {
        const headers = init?.headers as Record<string, string>;
        const { serialNumbers } = JSON.parse(String(init?.body)) as { serialNumbers: string[] };
        sent.push({ key: headers['idempotency-key'], serials: serialNumbers });
        if (lose && sent.length === 2) {
          controller.abort(new Error('killed'));
          throw new Error('killed');
        }
        return new Response('{"position":"1","serials":[]}', { status: 200 });
      });
    const options = { file, mode: 'receive' as const, url: 'http://127.0.0.1:1', token: 'T' };
    await expect(
      runImport({ ...options, batchSize: 2, fetch: answering(true), signal: controller.signal }),
    ).rejects.toThrow('killed');

    const summary = await runImport({ ...options, batchSize: 3, fetch: answering(false) });

    expect(sent.map((s) => s.serials)).toEqual([['S1', 'S2'], ['S3', 'S4'], ['S3', 'S4'], ['S5']]);
    expect(sent[2].key).toBe(sent[1].key);
    expect(summary).toMatchObject({
      imported: 5,
      rejected: 0,
      rowsResumed: 2,
      batchesResumed: 1,
      batchesSent: 2,
    });
  });

  it('never overwrites the rejected rows of an earlier run: it numbers its own', async () => {
    const file = write('product,serial,location\nP,S1,WH/Stock\nP,,WH/Stock\n');
    const first = await run(file);
    fs.appendFileSync(first.rejectedFile, 'the clerk was here\n');
    const second = await run(file);
    const third = await run(file);
    expect([first, second, third].map((s) => path.basename(s.rejectedFile))).toEqual([
      'rows.rejected.csv',
      'rows.rejected-2.csv',
      'rows.rejected-3.csv',
    ]);
    expect(fs.readFileSync(first.rejectedFile, 'utf8')).toContain('the clerk was here');
    expect(third).toMatchObject({ imported: 1, rejected: 1, rowsResumed: 1 });
    expect(fs.readFileSync(third.rejectedFile, 'utf8')).toContain('VALIDATION_FAILED');
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
