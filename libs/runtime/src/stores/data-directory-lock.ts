import Database from 'better-sqlite3';
import {
  isSqliteError,
  makePrivateDatabaseFile,
  makePrivateDirectory,
  OWNER_ONLY_FILE,
} from '@serial/event-store';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';

/**
 * What a process writes in a data directory: the event store's files, or the read models it projects.
 * Each has one writer at a time; an api with PROJECTOR=off and a projector process may share a directory.
 */
export type DataDirectoryRole = 'events' | 'read-models';

/** Who holds a role, written beside the lock for the message a refused process prints. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly command: string;
}

/** A second process asked for a role that another process holds. */
export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly role: DataDirectoryRole,
    readonly holder: string,
  ) {
    super(
      `The data directory ${dataDir} is in use (${role}) by ${holder}; stop it first, or use another DATA_DIR`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

/**
 * One writer per role and data directory, held through SQLite's exclusive locking mode on a lock database
 * of its own: the lock is the kernel's (fcntl), so it goes with its process however that ends, SIGKILL
 * included, and no stale lock is ever left to guess about. The lock cannot tell who holds it, so the
 * holder also writes a small owner file, read only to name the holder when another process is refused.
 * Nothing else may open the lock file: POSIX locks belong to the process, and closing any other handle on
 * the file would drop them.
 */
export class DataDirectoryLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly ownerFile: string,
  ) {}

  static acquire(dataDir: string, role: DataDirectoryRole): DataDirectoryLock {
    makePrivateDirectory(dataDir);
    const lockFile = path.join(dataDir, `${role}.lock`);
    const ownerFile = `${lockFile}.owner`;
    makePrivateDatabaseFile(lockFile);
    const db = new Database(lockFile, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec(
        'CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER, since TEXT)',
      );
      const holder: Holder = {
        pid: process.pid,
        host: hostname(),
        since: new Date().toISOString(),
        command: process.argv.slice(1).join(' '),
      };
      // The write takes the exclusive lock, and EXCLUSIVE locking mode keeps it until the database closes.
      db.prepare('INSERT OR REPLACE INTO holder VALUES (1, ?, ?)').run(holder.pid, holder.since);
      writeOwnerFile(ownerFile, holder);
      return new DataDirectoryLock(db, ownerFile);
    } catch (error) {
      db.close();
      if (isSqliteError(error) && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')) {
        throw new DataDirectoryInUseError(dataDir, role, describeHolder(ownerFile));
      }
      throw error;
    }
  }

  release(): void {
    if (!this.db.open) return;
    fs.rmSync(this.ownerFile, { force: true });
    this.db.close();
  }
}

function writeOwnerFile(file: string, holder: Holder): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(holder)}\n`, { mode: OWNER_ONLY_FILE });
  fs.renameSync(temporary, file);
}

function describeHolder(ownerFile: string): string {
  try {
    const holder = JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as Partial<Holder>;
    if (typeof holder.pid !== 'number') return 'another process';
    return `process ${holder.pid} on ${holder.host ?? '?'} (since ${holder.since ?? '?'}: ${holder.command ?? '?'})`;
  } catch {
    // Between the lock and the owner file of a holder that is just starting, or a file someone removed.
    return 'another process';
  }
}
