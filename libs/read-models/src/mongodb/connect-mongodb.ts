import type { MongoReadStore, MongoReadStoreOptions } from './mongo-read-store';

/**
 * `MongoReadStore.connect`, loading the driver only when called: it takes about 0.3 s to load, which
 * every SQLite deployment, CLI run and test file would otherwise pay.
 */
export async function connectMongoReadStore(
  uri: string,
  database: string,
  options?: MongoReadStoreOptions,
): Promise<MongoReadStore> {
  const { MongoReadStore } = await import('./mongo-read-store');
  return MongoReadStore.connect(uri, database, options);
}
