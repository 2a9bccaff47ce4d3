import { MAX_ASSEMBLY_LEVELS, type SerialRef } from '@serial/domain';
import { linkKey, type ComponentLink } from '../projections/component-links';
import type { SerialDocument } from '../projections/serial-view';
import type {
  ComponentNode,
  Page,
  PageRequest,
  TraceDocument,
  TraceKey,
  TraceQuery,
} from '../read-store.port';
import { nestComponents, TraceEntries, traceCursorKey, tracePage } from '../trace-pages';
import { componentFromRow, refsJson, type ComponentRow } from './component-rows';
import { pageSizePlusOne, PreparedQueries } from './prepared-queries';
import { historyFromRow, selectSerialColumns, serialFromValues, type HistoryRow } from './serial-rows';

/** The history column each trace key is indexed on (schema.ts `serial_history_by_*`). */
const HISTORY_COLUMN: Record<Exclude<TraceKey, 'lot'>, string> = {
  reference: 'reference',
  movementId: 'movement_id',
  vendorId: 'vendor_id',
  customerId: 'customer_id',
};

const SERIALS_OF = `SELECT ${selectSerialColumns('s')} FROM json_each(?) AS k CROSS JOIN serials AS s
  ON s.product_id = k.value ->> 0 AND s.serial_number = k.value ->> 1`;

/**
 * The traceability queries of one generation. A trace reads its index in (product, serial, position)
 * order and stops at the first serial past the page; the serials' views and their outermost units come
 * in one lookup each by key, the component links carrying each serial's top.
 */
export class TraceQueries extends PreparedQueries {
  trace(query: TraceQuery, page: PageRequest): Page<TraceDocument> {
    const pageSize = pageSizePlusOne(page);
    const after = traceCursorKey(query, page);
    const found = new TraceEntries(page.limit);
    const conditions = [query.key === 'lot' ? 's.lot = ?' : `h.${HISTORY_COLUMN[query.key]} = ?`];
    const params: unknown[] = [query.value];
    if (query.productId !== undefined) {
      conditions.push(query.key === 'lot' ? 's.product_id = ?' : 'h.product_id = ?');
      params.push(query.productId);
    }
    if (after) {
      conditions.push(
        query.key === 'lot'
          ? '(s.product_id, s.serial_number) > (?, ?)'
          : '(h.product_id, h.serial_number) > (?, ?)',
      );
      params.push(...after);
    }
    const sql =
      query.key === 'lot'
        ? // A lot is a serial's field: its serials by the lot index, then each one's whole history.
          `SELECT h.* FROM (SELECT s.product_id, s.serial_number FROM serials AS s
             WHERE ${conditions.join(' AND ')} ORDER BY s.product_id, s.serial_number LIMIT ?) AS l
           CROSS JOIN serial_history AS h ON h.product_id = l.product_id AND h.serial_number = l.serial_number
           ORDER BY h.product_id, h.serial_number, h.revision`
        : `SELECT h.* FROM serial_history AS h INDEXED BY serial_history_by_${HISTORY_COLUMN[query.key]}
           WHERE ${conditions.join(' AND ')} ORDER BY h.product_id, h.serial_number, h.position`;
    if (query.key === 'lot') params.push(pageSize);
    for (const row of this.statement<HistoryRow>(sql).iterate(...params)) {
      const ref = { productId: row.product_id as string, serialNumber: row.serial_number as string };
      if (!found.add(ref, historyFromRow(row))) break;
    }
    const refs = found.serials;
    const links = this.linksOf(refs);
    const tops = new Map<string, SerialDocument>();
    const topViews = this.serialsOf([...links.values()].map((link) => link.top));
    for (const [key, link] of links) {
      const top = topViews.get(linkKey(link.top));
      if (top) tops.set(key, top);
    }
    return tracePage(query, found, page.limit, this.serialsOf(refs), tops);
  }

  componentTree(productId: string, serialNumber: string): ComponentNode[] {
    const sql = `WITH RECURSIVE below(product_id, serial_number, level) AS (
        SELECT product_id, serial_number, 1 FROM components
          WHERE parent_product_id = ? AND parent_serial_number = ?
        UNION ALL
        SELECT c.product_id, c.serial_number, b.level + 1 FROM below AS b CROSS JOIN components AS c
          ON c.parent_product_id = b.product_id AND c.parent_serial_number = b.serial_number
          WHERE b.level < ${MAX_ASSEMBLY_LEVELS}
      ) SELECT c.* FROM below AS b CROSS JOIN components AS c
          ON c.product_id = b.product_id AND c.serial_number = b.serial_number`;
    const links = this.statement<ComponentRow>(sql).all(productId, serialNumber).map(componentFromRow);
    return nestComponents({ productId, serialNumber }, links);
  }

  installedInChain(productId: string, serialNumber: string): SerialDocument[] {
    const sql = `WITH RECURSIVE above(product_id, serial_number, level) AS (
        SELECT parent_product_id, parent_serial_number, 1 FROM components
          WHERE product_id = ? AND serial_number = ?
        UNION ALL
        SELECT c.parent_product_id, c.parent_serial_number, a.level + 1 FROM above AS a
          CROSS JOIN components AS c ON c.product_id = a.product_id AND c.serial_number = a.serial_number
          WHERE a.level < ${MAX_ASSEMBLY_LEVELS}
      ) SELECT ${selectSerialColumns('s')} FROM above AS a CROSS JOIN serials AS s
          ON s.product_id = a.product_id AND s.serial_number = a.serial_number ORDER BY a.level`;
    return this.statement<unknown[]>(sql, true).all(productId, serialNumber).map(serialFromValues);
  }

  private linksOf(refs: readonly SerialRef[]): Map<string, ComponentLink> {
    const sql = `SELECT c.* FROM json_each(?) AS k CROSS JOIN components AS c
      ON c.product_id = k.value ->> 0 AND c.serial_number = k.value ->> 1`;
    const rows = this.statement<ComponentRow>(sql).all(refsJson(refs)).map(componentFromRow);
    return new Map(rows.map((link) => [linkKey(link), link]));
  }

  private serialsOf(refs: readonly SerialRef[]): Map<string, SerialDocument> {
    if (refs.length === 0) return new Map();
    const views = this.statement<unknown[]>(SERIALS_OF, true).all(refsJson(refs)).map(serialFromValues);
    return new Map(views.map((view) => [linkKey(view), view]));
  }
}
