import { StoreUnavailableError } from '@serial/event-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '@serial/runtime';

/** Nothing listens on port 1: the service must refuse to start, soon and saying why. */
describe('ReadModelsModule with READ_STORE=mongodb and no server', () => {
  let dataDir: string;

  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-mongodb-start-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start within the connect timeout, naming MONGODB_URI and the cause', async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      READ_STORE: 'mongodb',
      MONGODB_URI: 'mongodb://127.0.0.1:1',
      LOG_LEVEL: 'silent',
    });
    const started = Date.now();

    const starting = createApp(config, { logger: false });

    await expect(starting).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(starting).rejects.toThrow(
      /^Cannot use the MongoDB server of MONGODB_URI: no usable server answered within 10000 ms \(.*ECONNREFUSED.*\); is it running/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
