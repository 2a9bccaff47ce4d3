import type Database from 'better-sqlite3';
import type { MovementDocument } from '../projections/movement-view';
import type { SerialDocument } from '../projections/serial-view';
import type {
  HistoryEntry,
  LocationDocument,
  MovementFilter,
  Page,
  PageRequest,
  ProductDocument,
  SerialFilter,
  StockRow,
  WarrantyQuery,
} from '../read-store.port';
import { decodeCursor, encodeCursor } from './cursor';
import { InvalidCursorError } from '../read-store.port';
import { locationFromRow, productFromRow, type LocationRow, type ProductRow } from './master-data-rows';
import { movementFromRow, type MovementRow } from './movement-rows';
import {
  historyFromRow,
  selectSerialColumns,
  serialFromValues,
  type HistoryRow,
  type SerialValues,
} from './serial-rows';
import type { SqlInteger } from './sql';

const SERIAL_FILTERS: readonly [keyof SerialFilter, string][] = [
  ['productId', 'product_id'],
  ['serialNumber', 'serial_number'],
  ['locationId', 'location_id'],
  ['status', 'status'],
  ['state', 'state'],
  ['customerId', 'customer_id'],
  ['reference', 'reference'],
];

const SERIALS = selectSerialColumns();

interface StockQueryRow {
  product_id: string;
  location_id: string;
  available: SqlInteger;
  reserved: SqlInteger;
  on_hand: SqlInteger;
}

/** The queries of one generation's database; statements are prepared once per filter shape. */
export class ReadModelQueries {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(private readonly db: Database.Database) {}

  getSerial(productId: string, serialNumber: string): SerialDocument | null {
    const sql = `SELECT ${SERIALS} FROM serials WHERE product_id = ? AND serial_number = ?`;
    const values = this.serialStatement(sql).get(productId, serialNumber);
    return values ? serialFromValues(values) : null;
  }

  listSerials(filter: SerialFilter, page: PageRequest): Page<SerialDocument> {
    const filters = SERIAL_FILTERS.filter(([field]) => filter[field] !== undefined);
    const after = page.cursor === undefined ? null : decodeCursor('serials', page.cursor, 2);
    const conditions = filters.map(([, column]) => `${column} = ?`);
    if (after) conditions.push('(product_id, serial_number) > (?, ?)');
    const sql = `SELECT ${SERIALS} FROM serials WHERE ${conditions.join(' AND ') || 'true'}
                 ORDER BY product_id, serial_number LIMIT ?`;
    const rows = this.serialStatement(sql).all(
      ...filters.map(([field]) => filter[field]),
      ...(after ?? []),
      pageSizePlusOne(page),
    );
    return toPage(rows.map(serialFromValues), page, (serial) =>
      encodeCursor('serials', [serial.productId, serial.serialNumber]),
    );
  }

  serialHistory(productId: string, serialNumber: string): HistoryEntry[] {
    const sql = 'SELECT * FROM serial_history WHERE product_id = ? AND serial_number = ? ORDER BY revision';
    return this.statement<HistoryRow>(sql).all(productId, serialNumber).map(historyFromRow);
  }

  /** On hand in an internal location is exactly status available or reserved there. */
  stock(filter: { productId?: string; locationId?: string }): StockRow[] {
    const conditions = ["location_type = 'internal'"];
    if (filter.productId !== undefined) conditions.push('product_id = ?');
    if (filter.locationId !== undefined) conditions.push('location_id = ?');
    const sql = `SELECT product_id, location_id, SUM(status = 'available') AS available,
                   SUM(status = 'reserved') AS reserved, COUNT(*) AS on_hand
                 FROM serials WHERE ${conditions.join(' AND ')}
                 GROUP BY location_id, product_id ORDER BY location_id, product_id`;
    const params = [filter.productId, filter.locationId].filter((value) => value !== undefined);
    return this.statement<StockQueryRow>(sql)
      .all(...params)
      .map((row) => ({
        productId: row.product_id,
        locationId: row.location_id,
        available: Number(row.available),
        reserved: Number(row.reserved),
        onHand: Number(row.on_hand),
      }));
  }

  /** Ending soonest first; scrapped and written-off units have no active warranty. */
  warranties(query: WarrantyQuery, page: PageRequest): Page<SerialDocument> {
    const after = page.cursor === undefined ? null : decodeCursor('warranties', page.cursor, 3);
    const conditions = [
      'warranty_ends_ms < ?',
      'warranty_ends_ms > ?',
      'warranty_starts_ms <= ?',
      "state NOT IN ('scrapped', 'written_off')",
    ];
    const [end, at] = [query.expiringBefore.getTime(), query.now.getTime()];
    const params: unknown[] = [end, at, at];
    if (query.customerId !== undefined) {
      conditions.push('customer_id = ?');
      params.push(query.customerId);
    }
    if (after) {
      conditions.push('(warranty_ends_ms, product_id, serial_number) > (?, ?, ?)');
      params.push(endOfCursor(after[0]), after[1], after[2]);
    }
    const sql = `SELECT ${SERIALS} FROM serials WHERE ${conditions.join(' AND ')}
                 ORDER BY warranty_ends_ms, product_id, serial_number LIMIT ?`;
    const rows = this.serialStatement(sql).all(...params, pageSizePlusOne(page));
    return toPage(rows.map(serialFromValues), page, (serial) =>
      encodeCursor('warranties', [
        String(Date.parse(serial.warranty?.endsAt ?? '')),
        serial.productId,
        serial.serialNumber,
      ]),
    );
  }

  getProduct(id: string): ProductDocument | null {
    const row = this.statement<ProductRow>('SELECT * FROM products WHERE id = ?').get(id);
    return row ? productFromRow(row) : null;
  }

  findProductByGtin(gtin14: string): ProductDocument | null {
    // Products are few (master data): a scan of the table beats an index to keep in step.
    const sql = `SELECT * FROM products WHERE gtin IS NOT NULL AND substr('00000000000000' || gtin, -14) = ?
                 ORDER BY id LIMIT 1`;
    const row = this.statement<ProductRow>(sql).get(gtin14);
    return row ? productFromRow(row) : null;
  }

  listProducts(page: PageRequest): Page<ProductDocument> {
    return this.listById('products', page, productFromRow);
  }

  getLocation(id: string): LocationDocument | null {
    const row = this.statement<LocationRow>('SELECT * FROM locations WHERE id = ?').get(id);
    return row ? locationFromRow(row) : null;
  }

  listLocations(page: PageRequest): Page<LocationDocument> {
    return this.listById('locations', page, locationFromRow);
  }

  getMovement(id: string): MovementDocument | null {
    const row = this.statement<MovementRow>('SELECT * FROM movements WHERE id = ?').get(id);
    return row ? movementFromRow(row) : null;
  }

  listMovements(filter: MovementFilter, page: PageRequest): Page<MovementDocument> {
    const after = page.cursor === undefined ? null : decodeCursor('movements', page.cursor, 1);
    const where: [string, unknown][] = [];
    if (filter.status !== undefined) where.push(['status = ?', filter.status]);
    if (filter.reference !== undefined) where.push(['reference = ?', filter.reference]);
    if (after) where.push(['id > ?', after[0]]);
    const clause = where.length > 0 ? `WHERE ${where.map(([condition]) => condition).join(' AND ')}` : '';
    const rows = this.statement<MovementRow>(`SELECT * FROM movements ${clause} ORDER BY id LIMIT ?`).all(
      ...where.map(([, value]) => value),
      pageSizePlusOne(page),
    );
    return toPage(rows.map(movementFromRow), page, (document) => encodeCursor('movements', [document.id]));
  }

  ping(): void {
    this.statement('SELECT 1').get();
  }

  private listById<Row, Document extends { id: string }>(
    table: 'products' | 'locations',
    page: PageRequest,
    fromRow: (row: Row) => Document,
  ): Page<Document> {
    const after = page.cursor === undefined ? null : decodeCursor(table, page.cursor, 1);
    const sql = `SELECT * FROM ${table} ${after ? 'WHERE id > ?' : ''} ORDER BY id LIMIT ?`;
    const rows = this.statement<Row>(sql).all(...(after ?? []), pageSizePlusOne(page));
    return toPage(rows.map(fromRow), page, (document) => encodeCursor(table, [document.id]));
  }

  private serialStatement(sql: string): Database.Statement<unknown[], SerialValues> {
    return this.statement<SerialValues>(sql, true);
  }

  private statement<Row>(sql: string, raw = false): Database.Statement<unknown[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql).raw(raw);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], Row>;
  }
}

function pageSizePlusOne(page: PageRequest): number {
  if (!Number.isInteger(page.limit) || page.limit < 1)
    throw new RangeError(`Limit ${page.limit} is not a page size`);
  return page.limit + 1;
}

/** One row more than asked for tells whether another page follows without counting. */
function toPage<T>(items: T[], page: PageRequest, cursorOf: (last: T) => string): Page<T> {
  if (items.length <= page.limit) return { items, nextCursor: null };
  const shown = items.slice(0, page.limit);
  return { items: shown, nextCursor: cursorOf(shown[shown.length - 1]) };
}

/** A warranty cursor's end, in milliseconds; anything else is not a cursor this store issued. */
function endOfCursor(text: string): number {
  if (!/^-?\d{1,16}$/.test(text)) throw new InvalidCursorError();
  return Number(text);
}
