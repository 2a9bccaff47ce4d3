export * from './event-store.port';
export * from './hash-chain';
export * from './merkle';
export { DEFAULT_SLICE_MS, takeTurn, TimeSlice } from './time-slice';
export {
  SqliteEventStore,
  type GroupCommit,
  type SqliteEventStoreOptions,
} from './sqlite/sqlite-event-store';
export { openEventDatabase } from './sqlite/sqlite-database';
export { migrateIdempotencySchema } from './sqlite/idempotency-table';
export {
  openSqliteDatabase,
  SQLITE_BUSY_TIMEOUT_MS,
  type SqliteDatabaseOptions,
} from './sqlite/open-sqlite-database';
export {
  makePrivateDatabaseFile,
  makePrivateDirectory,
  OWNER_ONLY_DIRECTORY,
  OWNER_ONLY_FILE,
} from './sqlite/private-files';
export {
  guardSqlite,
  isSqliteError,
  isSqliteUnavailable,
  sqliteStoreClosed,
  type SqliteError,
} from './sqlite/sqlite-errors';
export { connectKurrentDbEventStore } from './kurrentdb/connect-kurrentdb';
export type { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export { MINIMUM_SERVER_VERSION, UnsupportedServerVersionError } from './kurrentdb/server-version';
export * from './event-document';
export { checkpointOffTheLoop, type WalCheckpointer } from './sqlite/wal-checkpointer';
