import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { makePrivateDatabaseFile, makePrivateDirectory } from './private-files';

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export interface SqliteDatabaseOptions {
  /**
   * Each store chooses what a power cut may cost it, and says why where it opens its file: FULL syncs
   * every commit, NORMAL (in WAL mode) survives a process crash and may lose the last commits to a
   * power cut, OFF never syncs.
   */
  readonly synchronous: 'FULL' | 'NORMAL' | 'OFF';
  /** Run after the pragmas, in order: `CREATE ... IF NOT EXISTS` statements. */
  readonly schema?: readonly string[];
  /** Fail instead of creating a missing file (nor its directory). */
  readonly fileMustExist?: boolean;
  /** Integers come back as bigint, so positions past 2^53 stay exact. */
  readonly safeIntegers?: boolean;
  /** The page cache, in KiB; SQLite's default when absent. */
  readonly cacheSizeKib?: number;
}

/**
 * Opens a SQLite file the way every store here does: WAL (readers in other processes never block the
 * writer), a busy timeout instead of failing at once on a lock, the store's own durability, then its
 * schema; the file (and its -wal and -shm) readable by the owner only. A file that fails any of that is closed again, never left open half set up.
 */
export function openSqliteDatabase(file: string, options: SqliteDatabaseOptions): Database.Database {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory && !options.fileMustExist) {
    makePrivateDirectory(dirname(file));
    makePrivateDatabaseFile(file);
  }
  const db = new Database(file, { fileMustExist: options.fileMustExist ?? false });
  try {
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    if (options.cacheSizeKib !== undefined) db.pragma(`cache_size = -${options.cacheSizeKib}`);
    if (options.safeIntegers) db.defaultSafeIntegers(true);
    for (const statements of options.schema ?? []) db.exec(statements);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
