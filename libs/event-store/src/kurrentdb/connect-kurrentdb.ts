import type { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb-event-store';

/**
 * `KurrentDbEventStore.connect`, loading the client only when called: the client and its native bridge
 * take about 0.4 s to load, which every SQLite deployment, CLI run and test file would otherwise pay.
 */
export async function connectKurrentDbEventStore(
  connectionString: string,
  options?: KurrentDbEventStoreOptions,
): Promise<KurrentDbEventStore> {
  const { KurrentDbEventStore } = await import('./kurrentdb-event-store');
  return KurrentDbEventStore.connect(connectionString, options);
}
