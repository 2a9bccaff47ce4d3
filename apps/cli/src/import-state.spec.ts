import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImportFailedError } from './api-client';
import { ImportState, type BatchRecord } from './import-state';

const identity = { fileSha256: 'a'.repeat(64), mode: 'receive' as const, batchSize: 100 };
const record = (batch: number, rejected: BatchRecord['rejected'] = []): BatchRecord => ({
  batch,
  imported: 100 - rejected.length,
  replayed: false,
  rejected,
});

describe('ImportState', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-state-'));
    file = path.join(dir, 'import.state');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('remembers finished batches and their rejected rows across runs', async () => {
    const first = ImportState.open(file, identity);
    await first.record(record(0));
    await first.record(record(1, [{ line: 7, code: 'SERIAL_ALREADY_EXISTS', message: 'on hand' }]));
    const again = ImportState.open(file, identity);
    expect(again.size).toBe(2);
    expect(again.get(1)).toEqual(record(1, [{ line: 7, code: 'SERIAL_ALREADY_EXISTS', message: 'on hand' }]));
    expect(again.get(2)).toBeUndefined();
  });

  it('drops a line cut short by a kill, so that the batch is sent again and the next line stays whole', async () => {
    await ImportState.open(file, identity).record(record(0));
    fs.appendFileSync(file, '{"batch":1,"impo');
    const resumed = ImportState.open(file, identity);
    expect(resumed.get(1)).toBeUndefined();
    await resumed.record(record(1));
    expect(ImportState.open(file, identity).size).toBe(2);
  });

  it.each([
    ['another file', { fileSha256: 'b'.repeat(64) }, /CSV file changed/],
    ['another mode', { mode: 'register' as const }, /--mode receive --batch-size 100/],
    ['another batch size', { batchSize: 50 }, /--mode receive --batch-size 100/],
  ])('refuses to resume an import of %s', (_name, change, message) => {
    ImportState.open(file, identity);
    expect(() => ImportState.open(file, { ...identity, ...change })).toThrow(message);
  });

  it('refuses a file that is not a state file rather than overwriting it', () => {
    fs.writeFileSync(file, 'product,serial\nP,1\n');
    expect(() => ImportState.open(file, identity)).toThrow(ImportFailedError);
    expect(fs.readFileSync(file, 'utf8')).toBe('product,serial\nP,1\n');
  });

  it('leaves a foreign file without a final newline untouched', () => {
    fs.writeFileSync(file, 'product,serial\nP,1');
    expect(() => ImportState.open(file, identity)).toThrow(ImportFailedError);
    expect(fs.readFileSync(file, 'utf8')).toBe('product,serial\nP,1');
  });

  it('starts afresh from a header cut short by a kill', () => {
    fs.writeFileSync(file, '{"format":"serial-csv');
    expect(ImportState.open(file, identity).size).toBe(0);
    expect(ImportState.open(file, identity).size).toBe(0);
  });
});
