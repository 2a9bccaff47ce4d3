import type { MovementDocument } from '../projections/movement-view';
import type {
  ComponentNode,
  LocationDocument,
  LocationFilter,
  MovementFilter,
  Page,
  PageRequest,
  ProductDocument,
  TraceDocument,
  TraceQuery,
} from '../read-store.port';
import type { SerialDocument } from '../projections/serial-view';
import { decodeCursor, encodeCursor } from './cursor';
import { locationFromRow, productFromRow, type LocationRow, type ProductRow } from './master-data-rows';
import { movementFromRow, type MovementRow } from './movement-rows';
import { pageSizePlusOne, toPage } from './prepared-queries';
import { SerialQueries } from './serial-queries';
import { TraceQueries } from './trace-queries';

/** The queries of one generation's database: the serials' (SerialQueries), master data and movements. */
export class ReadModelQueries extends SerialQueries {
  private readonly traces = new TraceQueries(this.db);

  trace(query: TraceQuery, page: PageRequest): Page<TraceDocument> {
    return this.traces.trace(query, page);
  }

  componentTree(productId: string, serialNumber: string): ComponentNode[] {
    return this.traces.componentTree(productId, serialNumber);
  }

  installedInChain(productId: string, serialNumber: string): SerialDocument[] {
    return this.traces.installedInChain(productId, serialNumber);
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

  listLocations(filter: LocationFilter, page: PageRequest): Page<LocationDocument> {
    if (filter.parentId === undefined) return this.listById('locations', page, locationFromRow);
    const after = page.cursor === undefined ? null : decodeCursor('locations', page.cursor, 1);
    const sql = `SELECT * FROM locations WHERE parent_id = ? ${after ? 'AND id > ?' : ''} ORDER BY id LIMIT ?`;
    const rows = this.statement<LocationRow>(sql).all(
      filter.parentId,
      ...(after ?? []),
      pageSizePlusOne(page),
    );
    return toPage(rows.map(locationFromRow), page, (document) => encodeCursor('locations', [document.id]));
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
}
