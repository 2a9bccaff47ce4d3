import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { killHard, startService, type ServiceProcess } from './support/service-process';

/** API.md "Operations": two processes never serve one data directory. */
describe('one process per data directory (e2e)', () => {
  let dataDir: string;
  let first: ServiceProcess | undefined;

  beforeAll(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-one-process-'))));
  afterAll(async () => {
    if (first) await killHard(first);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second service on a held data directory, naming the directory and the holder', async () => {
    first = await startService(dataDir);

    const second = startService(dataDir);

    await expect(second).rejects.toThrow(/exited with 1 before listening/);
    const message = String(await second.catch((error: Error) => error.message));
    expect(message).toContain(`Cannot start: The data directory ${dataDir} is in use`);
    expect(message).toContain(`by process ${first.child.pid} on ${os.hostname()}`);
    expect(message).not.toMatch(/\n\s+at /);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
  });
});
