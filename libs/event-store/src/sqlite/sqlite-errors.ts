import { StoreUnavailableError } from '../event-store.port';

/** An error thrown by SQLite itself, with its extended result code (`SQLITE_BUSY`, `SQLITE_IOERR_WRITE`...). */
export type SqliteError = Error & { readonly code: string };

/** The codes that mean the file cannot be used now (locked, full, unreadable, gone), not a wrong statement. */
const UNAVAILABLE_CODES =
  /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL|NOMEM|PERM)/;

/**
 * Duck-typed, not `instanceof`: the native addon keeps the SqliteError class of the first module
 * instance that loaded it, and Jest runs each test file in its own realm with its own classes, so
 * `instanceof` (even of Error) fails for every file but the first.
 */
export function isSqliteError(error: unknown): error is SqliteError {
  const candidate = error as { name?: unknown; code?: unknown } | null;
  return (
    typeof candidate === 'object' && candidate?.name === 'SqliteError' && typeof candidate.code === 'string'
  );
}

/** An outage of the file rather than a fault of the statement: worth retrying later (503), not a bug. */
export function isSqliteUnavailable(error: unknown): error is SqliteError {
  return isSqliteError(error) && UNAVAILABLE_CODES.test(error.code);
}

/**
 * The one error policy of the SQLite stores: an outage becomes StoreUnavailableError naming the store
 * (`event store`, `read store`...); every other error is thrown as it is.
 */
export function guardSqlite<T>(store: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw asStoreError(store, error);
  }
}

/** guardSqlite's policy for an error already caught. */
export function asStoreError(store: string, error: unknown): unknown {
  return isSqliteUnavailable(error)
    ? new StoreUnavailableError(`SQLite ${store} unavailable: ${error.message}`, { cause: error })
    : error;
}

/** What a store answers once closed: unavailable, like a file that cannot be opened. */
export function sqliteStoreClosed(store: string): StoreUnavailableError {
  return new StoreUnavailableError(`The SQLite ${store} is closed`);
}
