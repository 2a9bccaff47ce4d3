import type { Document, Filter } from 'mongodb';
import type { MovementDocument } from '../projections/movement-view';
import type { SerialDocument } from '../projections/serial-view';
import type {
  ComponentNode,
  HistoryEntry,
  LocationDocument,
  LocationFilter,
  MovementFilter,
  Page,
  PageRequest,
  ProductDocument,
  SerialFilter,
  StockQuery,
  StockRow,
  TraceDocument,
  TraceQuery,
  WarrantyQuery,
} from '../read-store.port';
import { InvalidCursorError } from '../read-store.port';
import { decodeCursor, encodeCursor } from '../sqlite/cursor';
import { stockByProduct } from '../stock-rows';
import type { MongoGeneration } from './generations';
import { MongoTraceQueries } from './mongo-trace-queries';
import {
  afterIdFilter,
  gtinFilter,
  ID_ORDER,
  locationListFilter,
  movementListFilter,
  pageSizePlusOne,
  SERIAL_ORDER,
  serialListFilter,
  stockPipeline,
  WARRANTY_ORDER,
  warrantyFilter,
} from './query-documents';
import {
  fromHistoryRecord,
  fromLocationRecord,
  fromMovementRecord,
  fromProductRecord,
  fromSerialRecord,
  serialKey,
  type HistoryRecord,
  type LocationRecord,
  type MovementRecord,
  type ProductRecord,
  type SerialRecord,
} from './records';

/**
 * The queries of one generation. Cursors are the SQLite store's (same opaque shape, same
 * InvalidCursorError), so a client cannot tell the adapters apart; keyset pagination on the key's
 * index, never skip.
 */
export class MongoQueries {
  private readonly traces: MongoTraceQueries;

  constructor(private readonly generation: MongoGeneration) {
    this.traces = new MongoTraceQueries(generation);
  }

  trace(query: TraceQuery, page: PageRequest): Promise<Page<TraceDocument>> {
    return this.traces.trace(query, page);
  }

  componentTree(productId: string, serialNumber: string): Promise<ComponentNode[]> {
    return this.traces.componentTree(productId, serialNumber);
  }

  installedInChain(productId: string, serialNumber: string): Promise<SerialDocument[]> {
    return this.traces.installedInChain(productId, serialNumber);
  }

  async getSerial(productId: string, serialNumber: string): Promise<SerialDocument | null> {
    const record = await this.serials().findOne({ _id: serialKey(productId, serialNumber) });
    return record ? fromSerialRecord(record) : null;
  }

  async listSerials(filter: SerialFilter, page: PageRequest): Promise<Page<SerialDocument>> {
    const after = page.cursor === undefined ? null : decodeCursor('serials', page.cursor, 2);
    const records = await this.serials()
      .find(serialListFilter(filter, after))
      .sort(SERIAL_ORDER)
      .limit(pageSizePlusOne(page.limit))
      .toArray();
    return toPage(records.map(fromSerialRecord), page, (serial) =>
      encodeCursor('serials', [serial.productId, serial.serialNumber]),
    );
  }

  async serialHistory(productId: string, serialNumber: string): Promise<HistoryEntry[]> {
    const records = await this.generation
      .collection<HistoryRecord>('serial_history')
      .find({ productId: { $eq: productId }, serialNumber: { $eq: serialNumber } })
      .sort({ revision: 1 })
      .toArray();
    return records.map(fromHistoryRecord);
  }

  async stock(query: StockQuery): Promise<StockRow[]> {
    const grouped = await this.serials().aggregate<StockRow>(stockPipeline(query)).toArray();
    // $sum answers int32, int64 or double depending on size; the port promises numbers.
    const rows = grouped.map(({ productId, locationId, available, reserved, onHand }) => ({
      productId,
      locationId,
      available: Number(available),
      reserved: Number(reserved),
      onHand: Number(onHand),
    }));
    return query.groupBy === 'product' ? stockByProduct(rows, query.locationId ?? null) : rows;
  }

  async warranties(query: WarrantyQuery, page: PageRequest): Promise<Page<SerialDocument>> {
    const after = page.cursor === undefined ? null : warrantyCursor(page.cursor);
    const records = await this.serials()
      .find(warrantyFilter(query, after))
      .sort(WARRANTY_ORDER)
      .limit(pageSizePlusOne(page.limit))
      .toArray();
    return toPage(records.map(fromSerialRecord), page, (serial) =>
      encodeCursor('warranties', [
        String(Date.parse(serial.warranty?.endsAt ?? '')),
        serial.productId,
        serial.serialNumber,
      ]),
    );
  }

  async getProduct(id: string): Promise<ProductDocument | null> {
    const record = await this.generation.collection<ProductRecord>('products').findOne({ _id: { $eq: id } });
    return record ? fromProductRecord(record) : null;
  }

  async findProductByGtin(gtin14: string): Promise<ProductDocument | null> {
    const [record] = await this.generation
      .collection<ProductRecord>('products')
      .find(gtinFilter(gtin14))
      .sort(ID_ORDER)
      .limit(1)
      .toArray();
    return record ? fromProductRecord(record) : null;
  }

  listProducts(page: PageRequest): Promise<Page<ProductDocument>> {
    return this.listById<ProductRecord, ProductDocument>('products', page, fromProductRecord);
  }

  async getLocation(id: string): Promise<LocationDocument | null> {
    const record = await this.generation
      .collection<LocationRecord>('locations')
      .findOne({ _id: { $eq: id } });
    return record ? fromLocationRecord(record) : null;
  }

  async listLocations(filter: LocationFilter, page: PageRequest): Promise<Page<LocationDocument>> {
    const after = page.cursor === undefined ? null : decodeCursor('locations', page.cursor, 1);
    const records = await this.generation
      .collection<LocationRecord>('locations')
      .find(locationListFilter(filter, after) as Filter<LocationRecord>)
      .sort(ID_ORDER)
      .limit(pageSizePlusOne(page.limit))
      .toArray();
    return toPage(records.map(fromLocationRecord), page, (location) =>
      encodeCursor('locations', [location.id]),
    );
  }

  async getMovement(id: string): Promise<MovementDocument | null> {
    const record = await this.generation
      .collection<MovementRecord>('movements')
      .findOne({ _id: { $eq: id } });
    return record ? fromMovementRecord(record) : null;
  }

  async listMovements(filter: MovementFilter, page: PageRequest): Promise<Page<MovementDocument>> {
    const after = page.cursor === undefined ? null : decodeCursor('movements', page.cursor, 1);
    const records = await this.generation
      .collection<MovementRecord>('movements')
      .find(movementListFilter(filter, after))
      .sort(ID_ORDER)
      .limit(pageSizePlusOne(page.limit))
      .toArray();
    return toPage(records.map(fromMovementRecord), page, (movement) =>
      encodeCursor('movements', [movement.id]),
    );
  }

  private async listById<Record extends Document, Result extends { id: string }>(
    list: 'products',
    page: PageRequest,
    fromRecord: (record: Record) => Result,
  ): Promise<Page<Result>> {
    const after = page.cursor === undefined ? null : decodeCursor(list, page.cursor, 1);
    const records = await this.generation
      .collection<Record>(list)
      .find(afterIdFilter(after) as Filter<Record>)
      .sort(ID_ORDER)
      .limit(pageSizePlusOne(page.limit))
      .toArray();
    return toPage(
      records.map((record) => fromRecord(record as Record)),
      page,
      (document) => encodeCursor(list, [document.id]),
    );
  }

  private serials() {
    return this.generation.collection<SerialRecord>('serials');
  }
}

function toPage<T>(items: T[], page: PageRequest, cursorOf: (last: T) => string): Page<T> {
  if (items.length <= page.limit) return { items, nextCursor: null };
  const shown = items.slice(0, page.limit);
  return { items: shown, nextCursor: cursorOf(shown[shown.length - 1]) };
}

/** The SQLite store's warranty cursor: the end in milliseconds, then the serial's key. */
function warrantyCursor(cursor: string): [Date, string, string] {
  const [end, productId, serialNumber] = decodeCursor('warranties', cursor, 3);
  if (!/^-?\d{1,16}$/.test(end)) throw new InvalidCursorError();
  return [new Date(Number(end)), productId, serialNumber];
}
