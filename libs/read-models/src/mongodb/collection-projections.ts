import { LOCATION_EVENT_TYPES, SERIAL_EVENT_TYPES } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import type { ProjectionName } from '../projection-store.port';
import { evolveLocationDocument } from '../projections/location-view';
import { evolveMovementDocument, MOVEMENT_EVENT_TYPES } from '../projections/movement-view';
import { evolveProductDocument, PRODUCT_EVENT_TYPES } from '../projections/product-view';
import { evolveSerialDocument, type LocationPathOf } from '../projections/serial-view';
import {
  fromLocationRecord,
  fromMovementRecord,
  fromProductRecord,
  fromSerialRecord,
  serialKey,
  toLocationRecord,
  toMovementRecord,
  toProductRecord,
  toSerialRecord,
} from './records';

/**
 * One collection of one document per `_id`, maintained by the same pure `evolve` the SQLite store
 * folds: only how a document is keyed and stored differs between the adapters.
 */
export interface CollectionProjection<Document extends { position: string } = { position: string }> {
  readonly name: Exclude<ProjectionName, 'serial_history' | 'ledger' | 'components'>;
  readonly eventTypes: ReadonlySet<string>;
  keyOfEvent(event: RecordedEvent): string;
  /** `pathOf` gives the path of a location as of this batch (serial-view.ts). */
  evolve(document: Document | null, event: RecordedEvent, pathOf: LocationPathOf): Document | null;
  toRecord(document: Document): { _id: string; position: bigint };
  fromRecord(record: never): Document;
}

const idOf = (value: unknown): string => String(value);

/** Each entry is typed by its own document; the list holds them alike. */
const projection = <Document extends { position: string }>(
  entry: CollectionProjection<Document>,
): CollectionProjection => entry as unknown as CollectionProjection;

/**
 * In the order a batch applies them, master data first (a serial's move needs its location's path),
 * after which serial_history takes its share.
 */
export const COLLECTION_PROJECTIONS: readonly CollectionProjection[] = [
  projection({
    name: 'products',
    eventTypes: new Set(PRODUCT_EVENT_TYPES),
    keyOfEvent: (event) => idOf(event.data.productId),
    evolve: evolveProductDocument,
    toRecord: toProductRecord,
    fromRecord: fromProductRecord,
  }),
  projection({
    name: 'locations',
    eventTypes: new Set(LOCATION_EVENT_TYPES),
    keyOfEvent: (event) => idOf(event.data.locationId),
    evolve: evolveLocationDocument,
    toRecord: toLocationRecord,
    fromRecord: fromLocationRecord,
  }),
  projection({
    name: 'serials',
    eventTypes: new Set(SERIAL_EVENT_TYPES),
    keyOfEvent: (event) => serialKey(event.data.productId, event.data.serialNumber),
    evolve: evolveSerialDocument,
    toRecord: toSerialRecord,
    fromRecord: fromSerialRecord,
  }),
  projection({
    name: 'movements',
    eventTypes: new Set(MOVEMENT_EVENT_TYPES),
    keyOfEvent: (event) => idOf(event.data.movementId),
    evolve: evolveMovementDocument,
    toRecord: toMovementRecord,
    fromRecord: fromMovementRecord,
  }),
];

export const HISTORY_EVENT_TYPES: ReadonlySet<string> = new Set(SERIAL_EVENT_TYPES);
