import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Events, idempotency answers and the JWT secret are readable by the service's own user only
 * (API.md "Operations"): directories the service creates are 0700, files 0600.
 */
export const OWNER_ONLY_DIRECTORY = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/**
 * Creates `directory` and any missing parent as 0700. A directory that exists keeps its mode: an
 * operator may have made it shared on purpose, and the files in it are private anyway.
 */
export function makePrivateDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: OWNER_ONLY_DIRECTORY });
}

/**
 * Makes `file` exist as 0600 before SQLite opens it: SQLite creates a missing file 0644 and gives
 * its -wal and -shm files the database file's mode. Files of an older version, or restored from a
 * copy, are tightened, the -wal and -shm beside them too.
 */
export function makePrivateDatabaseFile(file: string): void {
  closeSync(openSync(file, 'a', OWNER_ONLY_FILE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) tighten(path);
}

function tighten(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, OWNER_ONLY_FILE);
  } catch (error) {
    // Missing (no -wal yet), or not ours to change: nothing to do.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}
