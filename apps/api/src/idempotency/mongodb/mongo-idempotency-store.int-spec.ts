import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeIdempotencyStoreContract } from '../testing/idempotency-store.contract';
import { MongoIdempotencyStore } from './mongo-idempotency-store';

/**
 * The contract suite against a real MongoDB, where one is reachable; nothing stands in for the server
 * when it is not. Each store gets its own database, named for this run, dropped afterwards.
 */
const uri = process.env.MONGODB_URI || undefined;
const run = `serial_idempotency_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
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
  describeIdempotencyStoreContract('MongoIdempotencyStore', async (options) => {
    const database = `${run}_${(databases += 1)}`;
    const store = await MongoIdempotencyStore.connect(uri, database, options);
    return {
      store,
      teardown: async () => {
        await store.close();
        await dropDatabase(database);
      },
    };
  });
} else {
  process.stdout.write(
    'SKIPPED mongodb idempotency-store contract suite: MONGODB_URI is not set (no MongoDB server on this machine)\n',
  );
  describe.skip('MongoIdempotencyStore (IdempotencyStore contract)', () => {
    it('needs MONGODB_URI naming a MongoDB 4.4+ server', () => undefined);
  });
}
