import type { LocationType, SerialLifecycleState, SerialRef, SerialStatus } from '@serial/domain';
import type { SerialDocument } from '../projections/serial-view';
import type { HistoryEntry } from '../read-store.port';
import type { RecordedProjectionEvent } from '../projections/projected-event';
import type { SqlInteger } from './sql';

export const SERIAL_COLUMNS = [
  'product_id',
  'serial_number',
  'status',
  'state',
  'on_hand',
  'location_id',
  'location_path',
  'location_type',
  'reserved_for',
  'customer_id',
  'vendor_id',
  'internal_reference',
  'purchase_reference',
  'lot',
  'reference',
  'warranty_starts_at',
  'warranty_ends_at',
  'warranty_starts_ms',
  'warranty_ends_ms',
  'received_at',
  'delivered_at',
  'last_moved_at',
  'revision',
  'position',
  'updated_at',
  'installed_in_product_id',
  'installed_in_serial_number',
] as const;

/**
 * Serial rows are read as arrays in SERIAL_COLUMNS order (better-sqlite3's raw mode): building an
 * object per row costs more than the query itself when a batch loads thousands.
 */
export type SerialValues = unknown[];

export const selectSerialColumns = (alias = ''): string =>
  SERIAL_COLUMNS.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');

const S = Object.fromEntries(SERIAL_COLUMNS.map((column, index) => [column, index])) as Record<
  (typeof SERIAL_COLUMNS)[number],
  number
>;

export function serialParams(document: SerialDocument): unknown[] {
  const { warranty } = document;
  return [
    document.productId,
    document.serialNumber,
    document.status,
    document.state,
    document.onHand ? 1 : 0,
    document.locationId,
    document.locationPath === null ? null : JSON.stringify(document.locationPath),
    document.locationType,
    document.reservedFor,
    document.customerId,
    document.vendorId,
    document.internalReference,
    document.purchaseReference,
    document.lot,
    document.reference,
    warranty?.startsAt ?? null,
    warranty?.endsAt ?? null,
    warranty ? Date.parse(warranty.startsAt) : null,
    warranty ? Date.parse(warranty.endsAt) : null,
    document.receivedAt,
    document.deliveredAt,
    document.lastMovedAt,
    document.revision,
    BigInt(document.position),
    document.updatedAt,
    document.installedIn?.productId ?? null,
    document.installedIn?.serialNumber ?? null,
  ];
}

export function serialFromValues(values: SerialValues): SerialDocument {
  const text = (column: (typeof SERIAL_COLUMNS)[number]) => values[S[column]] as string | null;
  const startsAt = text('warranty_starts_at');
  const endsAt = text('warranty_ends_at');
  const installedInProduct = text('installed_in_product_id');
  const installedInSerial = text('installed_in_serial_number');
  return {
    productId: values[S.product_id] as string,
    serialNumber: values[S.serial_number] as string,
    status: values[S.status] as SerialStatus,
    state: values[S.state] as SerialLifecycleState,
    onHand: values[S.on_hand] === 1n,
    locationId: text('location_id'),
    locationPath: pathOrNull(text('location_path')),
    locationType: text('location_type') as LocationType | null,
    reservedFor: text('reserved_for'),
    customerId: text('customer_id'),
    vendorId: text('vendor_id'),
    internalReference: text('internal_reference'),
    purchaseReference: text('purchase_reference'),
    lot: text('lot'),
    reference: text('reference'),
    warranty: startsAt !== null && endsAt !== null ? { startsAt, endsAt } : null,
    receivedAt: text('received_at'),
    deliveredAt: text('delivered_at'),
    lastMovedAt: text('last_moved_at'),
    installedIn:
      installedInProduct !== null && installedInSerial !== null
        ? { productId: installedInProduct, serialNumber: installedInSerial }
        : null,
    revision: Number(values[S.revision] as SqlInteger),
    position: (values[S.position] as SqlInteger).toString(),
    updatedAt: values[S.updated_at] as string,
  };
}

const pathOrNull = (json: string | null): string[] | null =>
  json === null ? null : (JSON.parse(json) as string[]);

export const HISTORY_COLUMNS = [
  'stream_id',
  'revision',
  'product_id',
  'serial_number',
  'position',
  'at',
  'type',
  'from_location_id',
  'to_location_id',
  'movement_id',
  'reference',
  'customer_id',
  'vendor_id',
  'reason',
  'counterpart_serial_number',
  'user_id',
  'parent_product_id',
  'parent_serial_number',
  'components',
] as const;

export type HistoryRow = {
  [column in Exclude<(typeof HISTORY_COLUMNS)[number], 'revision' | 'position'>]: string | null;
} & { revision: SqlInteger; position: SqlInteger };

export function historyParams(event: RecordedProjectionEvent, entry: HistoryEntry): unknown[] {
  return [
    event.streamId,
    entry.revision,
    event.data.productId,
    event.data.serialNumber,
    event.position,
    entry.at,
    entry.type,
    entry.fromLocationId,
    entry.toLocationId,
    entry.movementId,
    entry.reference,
    entry.customerId,
    entry.vendorId,
    entry.reason,
    entry.counterpartSerialNumber,
    entry.userId,
    entry.parent?.productId ?? null,
    entry.parent?.serialNumber ?? null,
    entry.components === null ? null : JSON.stringify(entry.components),
  ];
}

export function historyFromRow(row: HistoryRow): HistoryEntry {
  return {
    position: row.position.toString(),
    revision: Number(row.revision),
    at: row.at as string,
    type: row.type as string,
    fromLocationId: row.from_location_id,
    toLocationId: row.to_location_id,
    movementId: row.movement_id,
    reference: row.reference,
    customerId: row.customer_id,
    vendorId: row.vendor_id,
    reason: row.reason,
    counterpartSerialNumber: row.counterpart_serial_number,
    userId: row.user_id as string,
    parent:
      row.parent_product_id !== null && row.parent_serial_number !== null
        ? { productId: row.parent_product_id, serialNumber: row.parent_serial_number }
        : null,
    components: row.components === null ? null : (JSON.parse(row.components) as SerialRef[]),
  };
}
