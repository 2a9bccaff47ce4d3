export * from './event-store.port';
export * from './hash-chain';
export {
  SqliteEventStore,
  type GroupCommit,
  type SqliteEventStoreOptions,
} from './sqlite/sqlite-event-store';
export { connectKurrentDbEventStore } from './kurrentdb/connect-kurrentdb';
export type { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export { MINIMUM_SERVER_VERSION, UnsupportedServerVersionError } from './kurrentdb/server-version';
