import type { MongoIdempotencyStore, MongoIdempotencyStoreOptions } from './mongo-idempotency-store';

/** Loads the driver only when called, as the read store does: SQLite deployments never pay for it. */
export async function connectMongoIdempotencyStore(
  uri: string,
  database: string,
  options?: MongoIdempotencyStoreOptions,
): Promise<MongoIdempotencyStore> {
  const { MongoIdempotencyStore } = await import('./mongo-idempotency-store');
  return MongoIdempotencyStore.connect(uri, database, options);
}
