import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The files of a data directory (libs/runtime's store modules name them). */
const READ_MODELS_DIR = 'read-models';
const ACTIVE_GENERATION = 'ACTIVE';
const EVENT_STORE_FILE = 'events.sqlite';
const SQLITE_SIDE_FILES = /(-wal|-shm|-journal)$/;
/** Locks belong to the process that holds them; a copy starts without. */
const LOCK_FILES = /\.lock(\.owner)?$/;
/** Enough for a bar that moves, small enough that each step holds nothing up. */
const PAGES_PER_STEP = 4096;
const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIR = 0o700;

export interface BackupProgress {
  /** Called once with every database's page count, then after every step. */
  start(totalPages: number): void;
  copied(pages: number, database: string): void;
  stop(): void;
}

export interface BackupSummary {
  /** Relative paths in the target, in the order they were copied. */
  readonly databases: { readonly file: string; readonly pages: number }[];
  readonly files: readonly string[];
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * A consistent copy of an embedded data directory while the service keeps serving and writing. Each
 * database goes through SQLite's online backup from a connection that first opens a read transaction:
 * in WAL mode that pins one snapshot, so the copy is that snapshot however much is written meanwhile, and
 * the backup never restarts. The read models are copied before the events, so the copy's read models are
 * never ahead of its events (the service catches them up on start); the events last, so the copy holds
 * every command acknowledged before the backup began.
 */
export async function backupDataDirectory(
  dataDir: string,
  target: string,
  progress: BackupProgress,
): Promise<BackupSummary> {
  const source = path.resolve(dataDir);
  if (!fs.existsSync(path.join(source, EVENT_STORE_FILE))) {
    throw new BackupError(`${source} holds no ${EVENT_STORE_FILE}: not an embedded data directory`);
  }
  prepareTarget(path.resolve(target));
  const databases = databasesOf(source);
  const pages = databases.map((file) => pageCount(path.join(source, file)));
  progress.start(pages.reduce((sum, count) => sum + count, 0));
  const copied: { file: string; pages: number }[] = [];
  try {
    for (const file of databases) {
      copied.push({ file, pages: await copyDatabase(source, target, file, progress) });
    }
  } finally {
    progress.stop();
  }
  if (fs.existsSync(path.join(source, READ_MODELS_DIR, ACTIVE_GENERATION))) {
    const generation = databases.find((file) => file.startsWith(`${READ_MODELS_DIR}/`));
    if (generation)
      writeOwnerOnly(path.join(target, READ_MODELS_DIR, ACTIVE_GENERATION), `${path.basename(generation)}\n`);
  }
  const files = plainFilesOf(source);
  for (const file of files) fs.copyFileSync(path.join(source, file), path.join(target, file));
  for (const file of files) fs.chmodSync(path.join(target, file), OWNER_ONLY_FILE);
  return { databases: copied, files };
}

function prepareTarget(target: string): void {
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new BackupError(`${target} is not empty: back up into a new or empty directory`);
  }
  fs.mkdirSync(path.join(target, READ_MODELS_DIR), { recursive: true, mode: OWNER_ONLY_DIR });
  fs.chmodSync(target, OWNER_ONLY_DIR);
}

/** The active read-model generation first, then every other database, the event store last. */
function databasesOf(source: string): string[] {
  const readModels: string[] = [];
  const activeFile = path.join(source, READ_MODELS_DIR, ACTIVE_GENERATION);
  if (fs.existsSync(activeFile)) {
    const active = fs.readFileSync(activeFile, 'utf8').trim();
    if (fs.existsSync(path.join(source, READ_MODELS_DIR, active)))
      readModels.push(`${READ_MODELS_DIR}/${active}`);
  }
  const others = fs
    .readdirSync(source)
    .filter((name) => name.endsWith('.sqlite') && name !== EVENT_STORE_FILE)
    .sort();
  return [...readModels, ...others, EVENT_STORE_FILE];
}

/** Secrets and keys beside the databases (the JWT secret, signing keys): copied as they are. */
function plainFilesOf(source: string): string[] {
  return fs
    .readdirSync(source, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .filter((name) => !name.endsWith('.sqlite') && !SQLITE_SIDE_FILES.test(name) && !LOCK_FILES.test(name));
}

function pageCount(file: string): number {
  // Read-write like the service's own handles: a read-only one cannot open a WAL database whose -shm is gone.
  const db = new Database(file, { fileMustExist: true });
  try {
    return Number(db.pragma('page_count', { simple: true }));
  } finally {
    db.close();
  }
}

async function copyDatabase(
  source: string,
  target: string,
  file: string,
  progress: BackupProgress,
): Promise<number> {
  const db = new Database(path.join(source, file), { fileMustExist: true });
  const destination = path.join(target, file);
  try {
    db.pragma('busy_timeout = 5000');
    // A read transaction pins the snapshot the backup copies (WAL: writers go on meanwhile).
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    let done = 0;
    const { totalPages } = await db.backup(destination, {
      progress: ({ totalPages: total, remainingPages }) => {
        progress.copied(total - remainingPages - done, file);
        done = total - remainingPages;
        return PAGES_PER_STEP;
      },
    });
    progress.copied(totalPages - done, file);
    db.exec('COMMIT');
    fs.chmodSync(destination, OWNER_ONLY_FILE);
    verifyCopy(destination);
    return totalPages;
  } finally {
    db.close();
  }
}

function verifyCopy(file: string): void {
  const copy = new Database(file, { fileMustExist: true, readonly: true });
  try {
    const result = copy.pragma('quick_check', { simple: true });
    if (result !== 'ok')
      throw new BackupError(`the copy ${file} failed SQLite's quick_check: ${String(result)}`);
  } finally {
    copy.close();
  }
}

function writeOwnerOnly(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: OWNER_ONLY_FILE });
}
