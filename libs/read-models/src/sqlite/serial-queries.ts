import type { SerialDocument } from '../projections/serial-view';
import type {
  HistoryEntry,
  Page,
  PageRequest,
  SerialFilter,
  StockQuery,
  StockRow,
  WarrantyQuery,
} from '../read-store.port';
import { stockByProduct } from '../stock-rows';
import { decodeCursor, encodeCursor } from './cursor';
import { pathKey, subtreeRange } from './master-data-rows';
import { endOfCursor, pageSizePlusOne, PreparedQueries, toPage } from './prepared-queries';
import { historyFromRow, selectSerialColumns, serialFromValues, type HistoryRow } from './serial-rows';
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
}

/** The serial queries of one generation: lists, history, stock, warranties. */
export class SerialQueries extends PreparedQueries {
  getSerial(productId: string, serialNumber: string): SerialDocument | null {
    const sql = `SELECT ${SERIALS} FROM serials WHERE product_id = ? AND serial_number = ?`;
    const values = this.serialStatement(sql).get(productId, serialNumber);
    return values ? serialFromValues(values) : null;
  }

  listSerials(filter: SerialFilter, page: PageRequest): Page<SerialDocument> {
    if (filter.includeChildren && filter.locationId !== undefined) return this.listWithin(filter, page);
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

  /**
   * The serials within a location, from the closure keyed (ancestor, product, serial): the page is a
   * range of that key, in list order, whatever the size of the subtree.
   */
  private listWithin(filter: SerialFilter, page: PageRequest): Page<SerialDocument> {
    const filters = SERIAL_FILTERS.filter(([field]) => field !== 'locationId' && filter[field] !== undefined);
    const after = page.cursor === undefined ? null : decodeCursor('serials', page.cursor, 2);
    const column = (name: string) =>
      name === 'product_id' || name === 'serial_number' ? `a.${name}` : `s.${name}`;
    const conditions = ['a.ancestor_id = ?', ...filters.map(([, name]) => `${column(name)} = ?`)];
    if (after) conditions.push('(a.product_id, a.serial_number) > (?, ?)');
    const sql = `SELECT ${selectSerialColumns('s')} FROM serial_ancestors AS a CROSS JOIN serials AS s
                   ON s.product_id = a.product_id AND s.serial_number = a.serial_number
                 WHERE ${conditions.join(' AND ')}
                 ORDER BY a.product_id, a.serial_number LIMIT ?`;
    const rows = this.serialStatement(sql).all(
      filter.locationId,
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

  /**
   * From stock_counts, kept per (location, product) as serials are written: a row per location holding
   * stock, never a count over the serials. A subtree is the locations whose path key lies in its range
   * (a range of locations_by_path), each read from the counts' primary key, in location order.
   */
  stock(query: StockQuery): StockRow[] {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.productId !== undefined) {
      conditions.push('product_id = ?');
      params.push(query.productId);
    }
    if (query.locationId !== undefined && query.includeChildren) {
      const location = this.statement<{ path: string }>('SELECT path FROM locations WHERE id = ?').get(
        query.locationId,
      );
      if (!location) return [];
      conditions.push('location_id IN (SELECT id FROM locations WHERE path_key >= ? AND path_key < ?)');
      params.push(...subtreeRange(pathKey(JSON.parse(location.path) as string[])));
    } else if (query.locationId !== undefined) {
      conditions.push('location_id = ?');
      params.push(query.locationId);
    }
    const sql = `SELECT product_id, location_id, available, reserved FROM stock_counts
                 WHERE ${conditions.join(' AND ') || 'true'} ORDER BY location_id, product_id`;
    const rows = this.statement<StockQueryRow>(sql)
      .all(...params)
      .map((row) => ({
        productId: row.product_id,
        locationId: row.location_id,
        available: Number(row.available),
        reserved: Number(row.reserved),
        onHand: Number(row.available) + Number(row.reserved),
      }));
    return query.groupBy === 'product' ? stockByProduct(rows, query.locationId ?? null) : rows;
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
}
