import type Database from 'better-sqlite3';
import type { SerialDocument } from '../projections/serial-view';

/** What a serial adds to stock_counts: on hand at an internal location is status available or reserved. */
function counted(document: SerialDocument | null): { key: [string, string]; reserved: boolean } | null {
  if (!document || document.locationType !== 'internal' || document.locationId === null) return null;
  if (document.status !== 'available' && document.status !== 'reserved') return null;
  return { key: [document.locationId, document.productId], reserved: document.status === 'reserved' };
}

/**
 * Keeps stock_counts (schema.ts) in step with a serial document, in the transaction that writes it: the
 * serial's count leaves the (location, product) it was counted at and joins the one it is counted at now.
 * A row that reaches zero goes, so the report lists only what holds stock.
 */
export function stockCountsUpkeep(
  db: Database.Database,
): (before: SerialDocument | null, after: SerialDocument) => void {
  const add = db.prepare<[string, string, number, number]>(
    `INSERT INTO stock_counts (location_id, product_id, available, reserved) VALUES (?, ?, ?, ?)
     ON CONFLICT (location_id, product_id) DO UPDATE
       SET available = available + excluded.available, reserved = reserved + excluded.reserved`,
  );
  const dropEmpty = db.prepare<[string, string]>(
    'DELETE FROM stock_counts WHERE location_id = ? AND product_id = ? AND available = 0 AND reserved = 0',
  );
  return (before, after) => {
    const [old, now] = [counted(before), counted(after)];
    if (old && now && old.key.join('\u0000') === now.key.join('\u0000') && old.reserved === now.reserved)
      return;
    if (old) {
      add.run(...old.key, old.reserved ? 0 : -1, old.reserved ? -1 : 0);
      dropEmpty.run(...old.key);
    }
    if (now) add.run(...now.key, now.reserved ? 0 : 1, now.reserved ? 1 : 0);
  };
}
