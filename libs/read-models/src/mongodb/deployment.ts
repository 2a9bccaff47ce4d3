import type { MongoClientOptions } from 'mongodb';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The client's settings. Server selection is bounded so that an unreachable MONGODB_URI stops the
 * service within seconds rather than hanging; `useBigInt64` brings positions (BSON int64) back as
 * bigint, exactly.
 */
export function clientOptions(timeoutMs: number): MongoClientOptions {
  return {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    useBigInt64: true,
    appName: 'serial-tracking',
  };
}

/**
 * Transactions need a replica set or a sharded cluster (mongos); a standalone server has neither, and
 * the store then writes the checkpoints after the documents, which every write's guard makes safe.
 */
export function supportsTransactions(hello: Record<string, unknown>): boolean {
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}
