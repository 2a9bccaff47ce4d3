import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '../apps/api/src/auth/jwt-secret';
import { LAPTOP, serials, TEST_SECRET } from './support/test-app';

const ROOT = path.resolve(__dirname, '..');

/** The real service as a child process (ts-node, no build needed), on a free port of 127.0.0.1. */
async function startService(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_JWT_SECRET: TEST_SECRET,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service did not start within 45 s')), 45_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the service exited with ${code} before listening`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

describe('graceful shutdown (e2e, real process)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-shutdown-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('finishes the request in flight on SIGTERM, then exits 0 with the write kept', async () => {
    const { child, url, exited } = await startService(dataDir);
    const headers = {
      authorization: `Bearer ${signToken(TEST_SECRET, { sub: 'ops', roles: ['admin'] }, '1h')}`,
      'content-type': 'application/json',
    };
    await fetch(`${url}/v1/products`, { method: 'POST', headers, body: JSON.stringify(LAPTOP) });
    const batch = serials('SHUT', 10_000);
    const inFlight = fetch(`${url}/v1/serials/receive`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ productId: 'LAPTOP', serialNumbers: batch, toLocationId: 'WH/Stock' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await exited).toBe(0);

    const again = await startService(dataDir);
    try {
      const view = await fetch(`${again.url}/v1/products/LAPTOP/serials/SHUT-09999/state`, { headers });
      expect(view.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  });
});
