import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeWebhookStoreContract } from '../testing/webhook-store.contract';
import { MongoWebhookStore } from './mongo-webhook-store';

/** Against a real MongoDB where one is reachable; nothing stands in for the server when it is not. */
const uri = process.env.MONGODB_URI || undefined;
const run = `serial_webhooks_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
let databases = 0;

if (uri) {
  describeWebhookStoreContract('MongoWebhookStore', async () => {
    const database = `${run}_${(databases += 1)}`;
    const store = await MongoWebhookStore.connect(uri, database);
    return {
      store,
      teardown: async () => {
        await store.close();
        const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
        await client.db(database).dropDatabase();
        await client.close();
      },
    };
  });
} else {
  process.stdout.write('SKIPPED mongodb webhook-store contract suite: MONGODB_URI is not set\n');
  describe.skip('MongoWebhookStore (WebhookStore contract)', () => {
    it('needs MONGODB_URI naming a MongoDB server', () => undefined);
  });
}
