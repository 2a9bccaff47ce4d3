import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../event-store.port';
import { guardSqlite, isSqliteError, isSqliteUnavailable } from './sqlite-errors';

/** What the native addon throws, built by hand: the shape is what counts, not the class. */
const sqliteError = (code: string) =>
  Object.assign(new Error(`failed: ${code}`), { name: 'SqliteError', code });

const thrownBy = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
};

describe('SQLite errors', () => {
  it('recognises what SQLite throws by its shape, and nothing else', () => {
    const db = new Database(':memory:');
    const real = thrownBy(() => db.exec('SELECT * FROM missing'));
    db.close();
    expect(isSqliteError(real)).toBe(true);
    expect(isSqliteError(sqliteError('SQLITE_BUSY'))).toBe(true);
    expect(isSqliteError(new Error('SQLITE_BUSY'))).toBe(false);
    expect(isSqliteError({ name: 'SqliteError' })).toBe(false);
    expect(isSqliteError(null)).toBe(false);
  });

  it('counts a locked, full, unreadable or missing file as an outage, not a wrong statement', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_IOERR_WRITE',
      'SQLITE_FULL',
      'SQLITE_CANTOPEN',
      'SQLITE_PROTOCOL',
    ]) {
      expect(isSqliteUnavailable(sqliteError(code))).toBe(true);
    }
    for (const code of ['SQLITE_ERROR', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_MISMATCH']) {
      expect(isSqliteUnavailable(sqliteError(code))).toBe(false);
    }
  });

  it('turns an outage into StoreUnavailableError naming the store, keeping the cause', () => {
    const busy = sqliteError('SQLITE_BUSY');
    const error = thrownBy(() =>
      guardSqlite('read store', () => {
        throw busy;
      }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe('SQLite read store unavailable: failed: SQLITE_BUSY');
    expect((error as Error).cause).toBe(busy);
  });

  it('throws every other error as it is, and returns what the action returns', () => {
    const constraint = sqliteError('SQLITE_CONSTRAINT_UNIQUE');
    const failing = () => {
      throw constraint;
    };
    expect(thrownBy(() => guardSqlite('event store', failing))).toBe(constraint);
    expect(guardSqlite('event store', () => 42)).toBe(42);
  });
});
