import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeReadStoreContract } from '../testing/read-store.contract';
import { ProjectorLease } from '../projector/projector-lease';
import { MongoReadStore } from './mongo-read-store';

/**
 * The contract suite against a real MongoDB, where one is reachable. Nothing stands in for the server
 * when it is not: the run says so and skips; the mapping is covered by the unit specs beside this one.
 * Each store gets its own database, named for this run, and drops it afterwards.
 */
const uri = process.env.MONGODB_URI || undefined;
const run = `serial_contract_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
let databases = 0;

async function dropDatabase(database: string): Promise<void> {
  const client = await MongoClient.connect(uri as string, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
}

if (uri) {
  describeReadStoreContract('MongoReadStore', async () => {
    const database = `${run}_${(databases += 1)}`;
    const store = await MongoReadStore.connect(uri, database, { pointerCheckIntervalMs: 0 });
    return {
      store,
      teardown: async () => {
        await store.close();
        await dropDatabase(database);
      },
    };
  });

  describe('MongoReadStore projector lease (real server)', () => {
    const database = `${run}_lease`;
    let store: MongoReadStore;
    let now = new Date('2026-03-01T08:00:00.000Z');
    const lease = (owner: string) =>
      new ProjectorLease(store.projectorLeaseStore(), owner, { termMs: 15_000, clock: () => now });

    beforeAll(async () => {
      store = await MongoReadStore.connect(uri, database);
    });

    afterAll(async () => {
      await store?.close();
      await dropDatabase(database);
    });

    it('lets one of two contenders hold it, renew it, and the other take over once it lapses', async () => {
      const [first, second] = [lease('first'), lease('second')];

      expect(await first.claim()).toBe(true);
      expect(await second.claim()).toBe(false);
      now = new Date(now.getTime() + 10_000);
      expect(await first.claim()).toBe(true);
      now = new Date(now.getTime() + 14_000);
      expect(await second.claim()).toBe(false);
      now = new Date(now.getTime() + 2_000);
      expect(await second.claim()).toBe(true);
      expect(await first.claim()).toBe(false);
      await second.release();
      expect(await first.claim()).toBe(true);
    });
  });
} else {
  process.stdout.write(
    'SKIPPED mongodb read-store contract suite: MONGODB_URI is not set (no MongoDB server on this machine)\n',
  );
  describe.skip('MongoReadStore (ReadStore contract)', () => {
    it('needs MONGODB_URI naming a MongoDB 4.4+ server (a replica set to cover transactions)', () =>
      undefined);
  });
}
