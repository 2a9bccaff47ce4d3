import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImportFailedError } from './api-client';
import { ImportState, type BatchRecord } from './import-state';

const identity = { fileSha256: 'a'.repeat(64), mode: 'receive' as const };
const record = (lines: number[], rejected: BatchRecord['rejected'] = []): BatchRecord => ({
  lines,
  imported: lines.length - rejected.length,
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

  it('remembers, by file line, the settled batches and their rejected rows across runs', async () => {
    const first = ImportState.open(file, identity);
    await first.sending([2, 3]);
    await first.record(record([2, 3]));
    const rejected = record([4, 7], [{ line: 7, code: 'SERIAL_ALREADY_EXISTS', message: 'on hand' }]);
    await first.sending([4, 7]);
    await first.record(rejected);
    const again = ImportState.open(file, identity);
    expect(again.settledBatch(7)).toEqual(rejected);
    expect(again.settledBatch(4)).toBe(again.settledBatch(7));
    expect(again.settledBatch(5)).toBeUndefined();
    expect(again.unsettledBatches()).toEqual([]);
  });

  it('knows the batches that were sent and never settled, with their lines', async () => {
    const first = ImportState.open(file, identity);
    await first.sending([2, 3]);
    await first.record(record([2, 3]));
    await first.sending([4, 5, 9]);
    const again = ImportState.open(file, identity);
    expect(again.unsettledBatches()).toEqual([[4, 5, 9]]);
    await again.record(record([4, 5, 9]));
    expect(ImportState.open(file, identity).unsettledBatches()).toEqual([]);
  });

  it('drops a line cut short by a kill, and the next line stays whole', async () => {
    await ImportState.open(file, identity).record(record([2]));
    fs.appendFileSync(file, '{"done":{"lines":[3],"impo');
    const resumed = ImportState.open(file, identity);
    expect(resumed.settledBatch(3)).toBeUndefined();
    await resumed.record(record([3]));
    expect(ImportState.open(file, identity).settledBatch(3)).toEqual(record([3]));
  });

  it.each([
    ['another file', { fileSha256: 'b'.repeat(64) }, /CSV file changed/],
    ['another mode', { mode: 'register' as const }, /--mode receive/],
  ])('refuses to resume an import of %s', (_name, change, message) => {
    ImportState.open(file, identity);
    expect(() => ImportState.open(file, { ...identity, ...change })).toThrow(message);
  });

  it('refuses the journal of an older version rather than misreading it', () => {
    fs.writeFileSync(
      file,
      `${JSON.stringify({ format: 'serial-csv-import/1', ...identity, batchSize: 5 })}\n`,
    );
    expect(() => ImportState.open(file, identity)).toThrow(/older version of this CLI/);
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
    expect(ImportState.open(file, identity).unsettledBatches()).toEqual([]);
    expect(ImportState.open(file, identity).settledBatch(2)).toBeUndefined();
  });
});
