import { join } from 'node:path';
import { describeWebhookStoreContract } from '../testing/webhook-store.contract';
import { temporaryDirectory } from '../testing/read-store-files';
import { SqliteWebhookStore } from './sqlite-webhook-store';

describeWebhookStoreContract('SqliteWebhookStore', async () => {
  const directory = temporaryDirectory('webhook-store-contract');
  const store = SqliteWebhookStore.open(join(directory.path, 'webhooks.sqlite'));
  return {
    store,
    teardown: async () => {
      await store.close();
      directory.remove();
    },
  };
});
