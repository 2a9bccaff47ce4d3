import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readActiveGeneration } from '../sqlite/generation-files';

const TABLES: [string, string][] = [
  ['serials', 'product_id, serial_number'],
  ['serial_history', 'stream_id, revision'],
  ['products', 'id'],
  ['locations', 'id'],
  ['movements', 'id'],
  ['checkpoints', 'name'],
  ['ledger_pages', 'page_index'],
  ['ledger_nodes', 'level, node_index'],
];

/** Direct access to the active generation's database, behind the store's back. */
export function withActiveGeneration<T>(directory: string, work: (db: Database.Database) => T): T {
  const name = readActiveGeneration(directory);
  if (!name) throw new Error(`No active generation in ${directory}`);
  const db = new Database(join(directory, name), { fileMustExist: true });
  db.defaultSafeIntegers(true);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Every row of every read model table of the active generation, in key order: equal dumps, equal tables. */
export function dumpTables(directory: string): Record<string, unknown[]> {
  return withActiveGeneration(directory, (db) =>
    Object.fromEntries(
      TABLES.map(([table, order]) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all()]),
    ),
  );
}

/** A digest of dumpTables, for comparing large read models without holding two dumps. */
export function tablesDigest(directory: string): { rows: Record<string, number>; sha256: string } {
  return withActiveGeneration(directory, (db) => {
    const hash = createHash('sha256');
    const rows: Record<string, number> = {};
    for (const [table, order] of TABLES) {
      rows[table] = 0;
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw(true).iterate()) {
        hash.update(
          JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)),
        );
        rows[table] += 1;
      }
    }
    return { rows, sha256: hash.digest('hex') };
  });
}

/** Rewinds the checkpoints as if the process died after writing documents it never checkpointed. */
export function rewindCheckpoints(directory: string, position: bigint): void {
  withActiveGeneration(directory, (db) => db.prepare('UPDATE checkpoints SET position = ?').run(position));
}
export function temporaryDirectory(label: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
