import type Database from 'better-sqlite3';
import type { SerialDocument } from '../projections/serial-view';
import { pathsOfRoots, type LocationPathOf } from '../projections/serial-view';

/**
 * The path of a location from the locations table of the same generation, which a batch projects
 * before its serials. Paths never change, so a path once read is kept for the generation's life.
 */
export function locationPaths(db: Database.Database): LocationPathOf {
  const select = db.prepare<[string], string>('SELECT path FROM locations WHERE id = ?').pluck();
  const known = new Map<string, readonly string[]>();
  return (locationId) => {
    let path = known.get(locationId);
    if (path) return path;
    const json = select.get(locationId);
    if (json === undefined) return pathsOfRoots(locationId);
    path = JSON.parse(json) as string[];
    known.set(locationId, path);
    return path;
  };
}

/**
 * Keeps serial_ancestors (schema.ts) in step with a serial document: the rows of locations it left
 * go, those of locations it is now within come; a move inside one zone touches only the bins.
 */
export function ancestorsUpkeep(
  db: Database.Database,
): (before: SerialDocument | null, after: SerialDocument) => void {
  const insert = db.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO serial_ancestors (ancestor_id, product_id, serial_number) VALUES (?, ?, ?)',
  );
  const remove = db.prepare<[string, string, string]>(
    'DELETE FROM serial_ancestors WHERE ancestor_id = ? AND product_id = ? AND serial_number = ?',
  );
  return (before, after) => {
    const old = before?.locationPath ?? [];
    const now = after.locationPath ?? [];
    if (old === now) return;
    for (const id of old) if (!now.includes(id)) remove.run(id, after.productId, after.serialNumber);
    for (const id of now) if (!old.includes(id)) insert.run(id, after.productId, after.serialNumber);
  };
}
