import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '@serial/runtime';
import { startService } from './support/service-process';
import { LAPTOP, serials, TEST_SECRET } from './support/test-app';

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
