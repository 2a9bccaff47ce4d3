import { SqliteEventStore } from '@serial/event-store';
import { join } from 'node:path';
import { Projector } from './projector';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';
import { eventually, silentLogger } from '../testing/projector-fixtures';
import { tablesDigest, temporaryDirectory, withActiveGeneration } from '../testing/read-store-files';
import { appendWorkload, workloadEventCount } from '../testing/workload';

const SERIALS = 25_000;
const MARKER = 'SERVED-BY-THE-OLD-GENERATION';

describe('Projector rebuild of 100,000 events', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  let projector: Projector;

  beforeAll(async () => {
    directory = temporaryDirectory('rebuild-100k');
    events = SqliteEventStore.open(join(directory.path, 'events.sqlite'));
    store = SqliteReadStore.open(join(directory.path, 'read-models'));
    projector = new Projector(events, store, { logger: silentLogger, batchSize: 5000 });
    await appendWorkload(events, SERIALS, 25_000);
  }, 60_000);

  afterAll(async () => {
    await projector.stop();
    await store.close();
    await events.close();
    directory.remove();
  });

  it('serves the old read models until the swap, and then equals the state before it', async () => {
    const readModels = join(directory.path, 'read-models');
    const head = await events.headPosition();
    expect(head).toBeGreaterThanOrEqual(100_000n);
    expect(head).toBe(BigInt(workloadEventCount(SERIALS)));
    await projector.start();
    await eventually(async () => (await projector.status()).state === 'live', 60_000);
    const before = tablesDigest(readModels);
    // Marks the serving generation, so that a query can tell which generation answered it.
    withActiveGeneration(readModels, (db) =>
      db.prepare("UPDATE serials SET lot = ? WHERE serial_number = 'SN-000000'").run(MARKER),
    );

    let swapped = false;
    const rebuilt = projector.rebuild().then(() => (swapped = true));
    const servedDuringRebuild: { reached: bigint; lot: string | null; listed: number }[] = [];
    while (!swapped) {
      const reached = (await projector.status()).rebuild?.checkpoint ?? 0n;
      if (reached > 0n && reached < head) {
        const serial = await store.getSerial('P-0', 'SN-000000');
        const page = await store.listSerials({ locationId: 'WH/Shelf-2' }, { limit: 1000 });
        servedDuringRebuild.push({ reached, lot: serial?.lot ?? null, listed: page.items.length });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await rebuilt;

    expect(servedDuringRebuild.length).toBeGreaterThan(0);
    expect(servedDuringRebuild.every(({ lot, listed }) => lot === MARKER && listed === 1000)).toBe(true);
    expect((await store.getSerial('P-0', 'SN-000000'))?.lot).toBeNull();
    expect(tablesDigest(readModels)).toEqual(before);
    expect(before.rows).toMatchObject({ serials: SERIALS, serial_history: SERIALS * 4 });
  }, 120_000);
});
