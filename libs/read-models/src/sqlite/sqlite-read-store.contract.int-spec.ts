import { join } from 'node:path';
import { describeReadStoreContract } from '../testing/read-store.contract';
import { temporaryDirectory } from '../testing/read-store-files';
import { SqliteReadStore } from './sqlite-read-store';

describeReadStoreContract('SqliteReadStore', async () => {
  const directory = temporaryDirectory('read-store-contract');
  const store = SqliteReadStore.open(join(directory.path, 'read-models'));
  return {
    store,
    teardown: async () => {
      await store.close();
      directory.remove();
    },
  };
});
