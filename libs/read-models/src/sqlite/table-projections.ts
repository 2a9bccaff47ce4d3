import type Database from 'better-sqlite3';
import { LOCATION_EVENT_TYPES, SERIAL_EVENT_TYPES } from '@serial/domain';
import { evolveLocationDocument } from '../projections/location-view';
import { evolveMovementDocument, MOVEMENT_EVENT_TYPES } from '../projections/movement-view';
import { MOVEMENT_COLUMNS, movementFromRow, movementParams, type MovementRow } from './movement-rows';
import { evolveProductDocument, PRODUCT_EVENT_TYPES } from '../projections/product-view';
import { toHistoryEntry } from '../projections/serial-history';
import { evolveSerialDocument, type SerialDocument } from '../projections/serial-view';
import { componentsProjection } from './component-rows';
import { documentProjection, failingAt, type TableProjection } from './document-projection';
import {
  LOCATION_COLUMNS,
  locationFromRow,
  locationParams,
  PRODUCT_COLUMNS,
  productFromRow,
  productParams,
  type LocationRow,
  type ProductRow,
} from './master-data-rows';
import {
  HISTORY_COLUMNS,
  historyParams,
  SERIAL_COLUMNS,
  selectSerialColumns,
  serialFromValues,
  serialParams,
  type SerialValues,
} from './serial-rows';
import { ancestorsUpkeep, locationPaths } from './serial-ancestors';
import { stockCountsUpkeep } from './stock-counts';
import { guardedUpsertSql, insertOrIgnoreSql } from './sql';

/** What derives from a serial document and is kept up to date with it: its closure rows and stock counts. */
function serialIndexesUpkeep(db: Database.Database) {
  const ancestors = ancestorsUpkeep(db);
  const counts = stockCountsUpkeep(db);
  return (before: SerialDocument | null, after: SerialDocument) => {
    ancestors(before, after);
    counts(before, after);
  };
}

const serialKey = (productId: unknown, serialNumber: unknown): string =>
  JSON.stringify([productId, serialNumber]);

/**
 * Every projection the SQLite store maintains, in the order they apply a batch: master data first, so
 * that a serial moved in the same batch as its location was created finds the location's path. A new
 * one (movements) is a table in the schema and an entry here; its own checkpoint starts it from 0.
 * During a bulk load serial_ancestors and stock_counts are left to be built at its end (schema.ts).
 */
export function tableProjections(
  db: Database.Database,
  options: { bulkLoad: boolean } = { bulkLoad: false },
): TableProjection[] {
  const insertHistory = db.prepare(insertOrIgnoreSql('serial_history', HISTORY_COLUMNS));
  const pathOf = locationPaths(db);
  return [
    documentProjection(db, {
      name: 'products',
      eventTypes: PRODUCT_EVENT_TYPES,
      keyOfEvent: (event) => JSON.stringify(event.data.productId ?? null),
      keyOfDocument: (document) => JSON.stringify(document.id),
      loadSql: 'SELECT p.* FROM json_each(?) AS k CROSS JOIN products AS p ON p.id = k.value',
      fromRow: (row: ProductRow) => productFromRow(row),
      evolve: evolveProductDocument,
      upsertSql: guardedUpsertSql('products', PRODUCT_COLUMNS, ['id']),
      params: productParams,
    }),
    documentProjection(db, {
      name: 'locations',
      eventTypes: LOCATION_EVENT_TYPES,
      keyOfEvent: (event) => JSON.stringify(event.data.locationId ?? null),
      keyOfDocument: (document) => JSON.stringify(document.id),
      loadSql: 'SELECT l.* FROM json_each(?) AS k CROSS JOIN locations AS l ON l.id = k.value',
      fromRow: (row: LocationRow) => locationFromRow(row),
      evolve: evolveLocationDocument,
      upsertSql: guardedUpsertSql('locations', LOCATION_COLUMNS, ['id']),
      params: locationParams,
    }),
    documentProjection(db, {
      name: 'serials',
      eventTypes: SERIAL_EVENT_TYPES,
      keyOfEvent: (event) => serialKey(event.data.productId, event.data.serialNumber),
      keyOfDocument: (document) => serialKey(document.productId, document.serialNumber),
      // CROSS JOIN keeps the keys as the outer loop: one primary-key probe per key.
      loadSql: `SELECT ${selectSerialColumns('s')} FROM json_each(?) AS k CROSS JOIN serials AS s
                ON s.product_id = k.value ->> 0 AND s.serial_number = k.value ->> 1`,
      rawRows: true,
      fromRow: (values: SerialValues) => serialFromValues(values),
      evolve: (document, event) => evolveSerialDocument(document, event, pathOf),
      upsertSql: guardedUpsertSql('serials', SERIAL_COLUMNS, ['product_id', 'serial_number']),
      params: serialParams,
      ...(options.bulkLoad ? {} : { written: serialIndexesUpkeep(db) }),
    }),
    {
      name: 'serial_history',
      eventTypes: new Set(SERIAL_EVENT_TYPES),
      apply(events) {
        for (const event of events) {
          failingAt('serial_history', event.position, () =>
            insertHistory.run(historyParams(event, toHistoryEntry(event))),
          );
        }
      },
    },
    documentProjection(db, {
      name: 'movements',
      eventTypes: MOVEMENT_EVENT_TYPES,
      keyOfEvent: (event) => JSON.stringify(event.data.movementId ?? null),
      keyOfDocument: (document) => JSON.stringify(document.id),
      loadSql: 'SELECT m.* FROM json_each(?) AS k CROSS JOIN movements AS m ON m.id = k.value',
      fromRow: (row: MovementRow) => movementFromRow(row),
      evolve: evolveMovementDocument,
      upsertSql: guardedUpsertSql('movements', MOVEMENT_COLUMNS, ['id']),
      params: movementParams,
    }),
    componentsProjection(db),
  ];
}
