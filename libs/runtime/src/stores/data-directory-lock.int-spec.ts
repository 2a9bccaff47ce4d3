import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataDirectoryInUseError, DataDirectoryLock } from './data-directory-lock';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const HOLDER = path.join(__dirname, '..', 'testing', 'hold-data-directory.ts');

/** Another process that takes `role` of `dataDir` and keeps it. */
async function holdInChild(dataDir: string, role: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', HOLDER, dataDir, role],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the holder did not start within 20 s')), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('holding')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  return child;
}

const refusal = (dataDir: string, role: 'events' | 'read-models'): DataDirectoryInUseError => {
  try {
    DataDirectoryLock.acquire(dataDir, role).release();
  } catch (error) {
    if (error instanceof DataDirectoryInUseError) return error;
    throw error;
  }
  throw new Error(`${role} of ${dataDir} was free`);
};

describe('DataDirectoryLock', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-lock-'))));
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second holder of a role in the same process until the first releases it', () => {
    const lock = DataDirectoryLock.acquire(dataDir, 'events');
    const error = refusal(dataDir, 'events');
    expect(error.message).toContain(dataDir);
    expect(error.holder).toContain(`process ${process.pid}`);
    // The other role is another writer's: an api with PROJECTOR=off beside a projector process.
    DataDirectoryLock.acquire(dataDir, 'read-models').release();

    lock.release();
    DataDirectoryLock.acquire(dataDir, 'events').release();
  });

  it('keeps its files owner-only', () => {
    DataDirectoryLock.acquire(dataDir, 'events').release();
    expect(fs.statSync(path.join(dataDir, 'events.lock')).mode & 0o777).toBe(0o600);
  });

  it('names the other process that holds it, and is free the moment that process is killed', async () => {
    child = await holdInChild(dataDir, 'events');
    const error = refusal(dataDir, 'events');
    expect(error.holder).toContain(`process ${child.pid} on ${os.hostname()}`);
    expect(error.holder).toContain('hold-data-directory');

    const gone = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    DataDirectoryLock.acquire(dataDir, 'events').release();
  });
});
