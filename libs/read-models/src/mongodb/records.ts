import type { MovementDocument } from '../projections/movement-view';
import type { SerialDocument } from '../projections/serial-view';
import type { HistoryEntry, LocationDocument, ProductDocument } from '../read-store.port';

/**
 * Positions are stored as BSON int64 (a JS bigint on the way in; `useBigInt64` on the client brings
 * them back as bigint): they compare numerically in filters, sort correctly, and reporting tools see
 * a number. BSON would silently wrap a value past int64, so the range is checked here.
 */
export function storedPosition(position: bigint | string): bigint {
  const value = typeof position === 'bigint' ? position : BigInt(position);
  if (value < 0n || value > MAX_INT64) throw new RangeError(`Position ${value} does not fit a BSON int64`);
  return value;
}

const MAX_INT64 = 2n ** 63n - 1n;

/** Reads a stored position back whatever numeric BSON type a tool may have written it with. */
export function positionText(value: unknown): string {
  if (typeof value === 'bigint' || typeof value === 'number') return BigInt(value).toString();
  if (typeof value === 'object' && value !== null && 'toBigInt' in value) {
    return (value as { toBigInt(): bigint }).toBigInt().toString();
  }
  throw new TypeError(`Not a stored position: ${String(value)}`);
}

/** The serial's `_id`: readable, and one string per (productId, serialNumber) as the stream key is. */
export const serialKey = (productId: unknown, serialNumber: unknown): string =>
  `${encodeURIComponent(String(productId))}:${encodeURIComponent(String(serialNumber))}`;

/**
 * A serial as stored: the document plus the warranty window as Dates, which the warranty query and its
 * index compare (the ISO strings come from clients and need not share one format or offset).
 */
export type SerialRecord = Omit<SerialDocument, 'position'> & {
  _id: string;
  position: bigint;
  warrantyStart: Date | null;
  warrantyEnd: Date | null;
};

export type ProductRecord = Omit<ProductDocument, 'id' | 'position'> & {
  _id: string;
  position: bigint;
  /** The gtin left-padded to 14 digits, what `findProductByGtin` matches. */
  gtin14: string | null;
};

export type LocationRecord = Omit<LocationDocument, 'id' | 'position'> & { _id: string; position: bigint };
export type MovementRecord = Omit<MovementDocument, 'id' | 'position'> & { _id: string; position: bigint };

export type HistoryRecord = Omit<HistoryEntry, 'position'> & {
  streamId: string;
  productId: string;
  serialNumber: string;
  position: bigint;
};

export interface CheckpointRecord {
  _id: string;
  position: bigint;
}

const dateOrNull = (iso: string | undefined): Date | null => {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms);
};

export function toSerialRecord(document: SerialDocument): SerialRecord {
  return {
    _id: serialKey(document.productId, document.serialNumber),
    ...document,
    position: storedPosition(document.position),
    warrantyStart: dateOrNull(document.warranty?.startsAt),
    warrantyEnd: dateOrNull(document.warranty?.endsAt),
  };
}

export function fromSerialRecord(record: SerialRecord): SerialDocument {
  const { _id, warrantyStart: _start, warrantyEnd: _end, position, ...document } = record;
  // Documents written before assemblies existed have no installedIn: none of them was installed.
  return { ...document, installedIn: document.installedIn ?? null, position: positionText(position) };
}

export function toProductRecord(document: ProductDocument): ProductRecord {
  const { id, position, ...fields } = document;
  const gtin14 = fields.gtin === null ? null : `00000000000000${fields.gtin}`.slice(-14);
  return { _id: id, ...fields, position: storedPosition(position), gtin14 };
}

export function fromProductRecord(record: ProductRecord): ProductDocument {
  const { _id, gtin14: _gtin14, position, ...fields } = record;
  return { id: _id, ...fields, position: positionText(position) };
}

export function toLocationRecord(document: LocationDocument): LocationRecord {
  const { id, position, ...fields } = document;
  return { _id: id, ...fields, position: storedPosition(position) };
}

export function fromLocationRecord(record: LocationRecord): LocationDocument {
  const { _id, position, ...fields } = record;
  return { id: _id, ...fields, position: positionText(position) };
}

export function toMovementRecord(document: MovementDocument): MovementRecord {
  const { id, position, ...fields } = document;
  return { _id: id, ...fields, position: storedPosition(position) };
}

export function fromMovementRecord(record: MovementRecord): MovementDocument {
  const { _id, position, ...fields } = record;
  return { id: _id, ...fields, position: positionText(position) };
}

export function toHistoryRecord(
  entry: HistoryEntry,
  event: { streamId: string; data: Readonly<Record<string, unknown>> },
): HistoryRecord {
  return {
    streamId: event.streamId,
    productId: String(event.data.productId),
    serialNumber: String(event.data.serialNumber),
    ...entry,
    position: storedPosition(entry.position),
  };
}

export function fromHistoryRecord(record: HistoryRecord & { _id?: unknown }): HistoryEntry {
  const { _id, streamId: _stream, productId: _product, serialNumber: _serial, position, ...entry } = record;
  return { ...entry, position: positionText(position) };
}
