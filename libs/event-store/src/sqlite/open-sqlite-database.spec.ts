import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SQLITE_BUSY_TIMEOUT_MS } from './open-sqlite-database';
import { openEventDatabase } from './sqlite-database';

const SYNCHRONOUS = { OFF: 0, NORMAL: 1, FULL: 2 } as const;

describe('openSqliteDatabase', () => {
  let directory: string;

  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'open-sqlite-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('opens in WAL mode with the busy timeout and the durability asked for, creating the directory', () => {
    const file = join(directory, 'nested', 'store.sqlite');
    for (const synchronous of ['OFF', 'NORMAL', 'FULL'] as const) {
      const db = openSqliteDatabase(file, { synchronous, cacheSizeKib: 2048 });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(SQLITE_BUSY_TIMEOUT_MS);
      expect(db.pragma('synchronous', { simple: true })).toBe(SYNCHRONOUS[synchronous]);
      expect(db.pragma('cache_size', { simple: true })).toBe(-2048);
      db.close();
    }
  });

  it('syncs every commit of the event store', () => {
    const db = openEventDatabase(join(directory, 'events.sqlite'));
    expect(Number(db.pragma('synchronous', { simple: true }))).toBe(SYNCHRONOUS.FULL);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('runs the schema in order and answers integers as bigint when asked', () => {
    const db = openSqliteDatabase(':memory:', {
      synchronous: 'NORMAL',
      safeIntegers: true,
      schema: ['CREATE TABLE t (n INTEGER) STRICT;', 'INSERT INTO t VALUES (9007199254740993);'],
    });
    expect(db.prepare('SELECT n FROM t').pluck().get()).toBe(9007199254740993n);
    db.close();
  });

  it('refuses a missing file when it must exist, and creates nothing', () => {
    const file = join(directory, 'missing', 'store.sqlite');
    expect(() => openSqliteDatabase(file, { synchronous: 'NORMAL', fileMustExist: true })).toThrow();
    expect(existsSync(join(directory, 'missing'))).toBe(false);
  });
});
