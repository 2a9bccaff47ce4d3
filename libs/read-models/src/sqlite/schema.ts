/**
 * The shape of a generation's tables, in its PRAGMA user_version. A generation of an older shape (the
 * columns `state` and `counterpart_serial_number` came with 2, location trees and serial formats with
 * 3, assemblies and traceability with 4: the serial's `installed_in_*`, history's parent and
 * components, the components table) is not read: the store starts a fresh one, which the projector
 * fills from position 0 (sqlite-read-store.ts).
 */
export const READ_MODEL_SCHEMA_VERSION = 4;

/**
 * One generation of the read models (DESIGN.md "Read store port and read models"). STRICT so a wrong
 * column type fails instead of being stored; documents WITHOUT ROWID so the primary key is the only
 * B-tree an upsert has to find its row in. Positions are INTEGER, compared numerically by the guards.
 */
export const READ_MODEL_TABLES = `
  CREATE TABLE IF NOT EXISTS serials (
    product_id TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    on_hand INTEGER NOT NULL,
    location_id TEXT,
    location_path TEXT,
    location_type TEXT,
    reserved_for TEXT,
    customer_id TEXT,
    vendor_id TEXT,
    internal_reference TEXT,
    purchase_reference TEXT,
    lot TEXT,
    reference TEXT,
    warranty_starts_at TEXT,
    warranty_ends_at TEXT,
    warranty_starts_ms INTEGER,
    warranty_ends_ms INTEGER,
    received_at TEXT,
    delivered_at TEXT,
    last_moved_at TEXT,
    revision INTEGER NOT NULL,
    position INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    installed_in_product_id TEXT,
    installed_in_serial_number TEXT,
    PRIMARY KEY (product_id, serial_number)
  ) STRICT, WITHOUT ROWID;
  -- The closure of where serials are: one row per serial and each location on its location's path,
  -- that location itself included. Keyed by ancestor first, so the serials within a location come
  -- out of the key already in the list's (product_id, serial_number) order, one page at a time.
  CREATE TABLE IF NOT EXISTS serial_ancestors (
    ancestor_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    PRIMARY KEY (ancestor_id, product_id, serial_number)
  ) STRICT, WITHOUT ROWID;
  -- Serials on hand at internal locations, counted per (location, product) as each serial is written
  -- (stock-counts.ts): the stock report reads these rows, never the serials.
  CREATE TABLE IF NOT EXISTS stock_counts (
    location_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    available INTEGER NOT NULL,
    reserved INTEGER NOT NULL,
    PRIMARY KEY (location_id, product_id)
  ) STRICT, WITHOUT ROWID;
  -- Keyed by position, which only grows: rows append at the end of the B-tree. The position names one
  -- (stream_id, revision), so a replayed event conflicts on either key.
  CREATE TABLE IF NOT EXISTS serial_history (
    position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    at TEXT NOT NULL,
    type TEXT NOT NULL,
    from_location_id TEXT,
    to_location_id TEXT,
    movement_id TEXT,
    reference TEXT,
    customer_id TEXT,
    vendor_id TEXT,
    reason TEXT,
    counterpart_serial_number TEXT,
    user_id TEXT NOT NULL,
    parent_product_id TEXT,
    parent_serial_number TEXT,
    components TEXT
  ) STRICT;
  -- One row per serial installed in another now, with the outermost unit it is in (top_*).
  CREATE TABLE IF NOT EXISTS components (
    product_id TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    parent_product_id TEXT NOT NULL,
    parent_serial_number TEXT NOT NULL,
    top_product_id TEXT NOT NULL,
    top_serial_number TEXT NOT NULL,
    installed_at TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (product_id, serial_number)
  ) STRICT, WITHOUT ROWID;
  -- Every install walks the subtree below its component by parent, a bulk load's included.
  CREATE INDEX IF NOT EXISTS components_by_parent
    ON components (parent_product_id, parent_serial_number, product_id, serial_number);
  CREATE TABLE IF NOT EXISTS products (
    id TEXT PRIMARY KEY,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    tracking TEXT NOT NULL,
    gtin TEXT,
    warranty_months INTEGER,
    serial_format TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    position INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS locations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    parent_id TEXT,
    path TEXT NOT NULL,
    path_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    position INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS movements (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    from_location_id TEXT NOT NULL,
    to_location_id TEXT NOT NULL,
    reference TEXT,
    partner_id TEXT,
    lines TEXT NOT NULL,
    created_at TEXT NOT NULL,
    validated_at TEXT,
    position INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS checkpoints (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
`;

/**
 * Created with the tables for live projection, but only after the bulk load of a rebuild: building an
 * index once from sorted rows is several times cheaper than keeping it up to date row by row.
 */
export const READ_MODEL_INDEXES = `
  -- status and location_type make it cover the stock report, which then never reads the table.
  CREATE INDEX IF NOT EXISTS serials_by_location
    ON serials (location_id, product_id, status, location_type);
  CREATE INDEX IF NOT EXISTS serials_by_state ON serials (state, product_id, serial_number);
  CREATE INDEX IF NOT EXISTS serials_by_customer ON serials (customer_id) WHERE customer_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS serials_by_reference ON serials (reference) WHERE reference IS NOT NULL;
  -- A serial number without its product: scans and global uniqueness look serials up this way.
  CREATE INDEX IF NOT EXISTS serials_by_serial_number ON serials (serial_number);
  -- Milliseconds, not the ISO text: warranty dates come from clients and need not share one format.
  CREATE INDEX IF NOT EXISTS serials_by_warranty_end
    ON serials (warranty_ends_ms) WHERE warranty_ends_ms IS NOT NULL;
  CREATE INDEX IF NOT EXISTS locations_by_parent ON locations (parent_id, id) WHERE parent_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS locations_by_path ON locations (path_key);
  CREATE INDEX IF NOT EXISTS movements_by_status ON movements (status, id);
  CREATE INDEX IF NOT EXISTS movements_by_reference ON movements (reference, id) WHERE reference IS NOT NULL;
  CREATE UNIQUE INDEX IF NOT EXISTS serial_history_by_stream ON serial_history (stream_id, revision);
  CREATE INDEX IF NOT EXISTS serial_history_by_serial
    ON serial_history (product_id, serial_number, revision);
  -- Traceability: the serials an entry's document or partner touched, in (product, serial) order and,
  -- through the rowid (position) every index ends with, each serial's entries oldest first.
  CREATE INDEX IF NOT EXISTS serial_history_by_reference
    ON serial_history (reference, product_id, serial_number) WHERE reference IS NOT NULL;
  CREATE INDEX IF NOT EXISTS serial_history_by_movement_id
    ON serial_history (movement_id, product_id, serial_number) WHERE movement_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS serial_history_by_vendor_id
    ON serial_history (vendor_id, product_id, serial_number) WHERE vendor_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS serial_history_by_customer_id
    ON serial_history (customer_id, product_id, serial_number) WHERE customer_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS serials_by_lot ON serials (lot, product_id, serial_number) WHERE lot IS NOT NULL;
`;

/** The stock counts of a bulk load, counted in one pass once the serials are in. */
export const BUILD_STOCK_COUNTS = `
  INSERT INTO stock_counts (location_id, product_id, available, reserved)
  SELECT location_id, product_id, SUM(status = 'available'), SUM(status = 'reserved')
  FROM serials
  WHERE location_type = 'internal' AND status IN ('available', 'reserved')
  GROUP BY location_id, product_id
`;

/**
 * The closure of a bulk load, built in one pass once the serials are in (sqlite-read-store.ts): in key
 * order, cheaper than keeping it up to date serial by serial during a rebuild.
 */
export const BUILD_SERIAL_ANCESTORS = `
  INSERT OR IGNORE INTO serial_ancestors (ancestor_id, product_id, serial_number)
  SELECT a.value, s.product_id, s.serial_number
  FROM serials AS s, json_each(s.location_path) AS a
  WHERE s.location_path IS NOT NULL
  ORDER BY 1, 2, 3
`;
