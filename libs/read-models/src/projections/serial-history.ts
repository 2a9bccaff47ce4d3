import type { SerialRef } from '@serial/domain';
import type { HistoryEntry } from '../read-store.port';
import type { RecordedProjectionEvent } from './projected-event';

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const refOrNull = (value: unknown): SerialRef | null => {
  const ref = value as Partial<SerialRef> | null | undefined;
  return typeof ref?.productId === 'string' && typeof ref.serialNumber === 'string'
    ? { productId: ref.productId, serialNumber: ref.serialNumber }
    : null;
};

const refsOrNull = (value: unknown): SerialRef[] | null =>
  Array.isArray(value) ? value.map(refOrNull).filter((ref) => ref !== null) : null;

/**
 * One HistoryEntry per serial event. The references are those of the document that caused the event,
 * read from the event where it has them: a reservation has no locations, a scrap no customer.
 */
export function toHistoryEntry(event: RecordedProjectionEvent): HistoryEntry {
  const { data } = event;
  return {
    position: event.position.toString(),
    revision: event.revision,
    at: event.recordedAt.toISOString(),
    type: event.type,
    fromLocationId: textOrNull(data.fromLocationId),
    toLocationId: textOrNull(data.toLocationId),
    movementId: textOrNull(data.movementId),
    reference: textOrNull(data.reference),
    customerId: textOrNull(data.customerId),
    vendorId: textOrNull(data.vendorId),
    reason: textOrNull(data.reason),
    counterpartSerialNumber: textOrNull(data.correctSerialNumber ?? data.wrongSerialNumber),
    // Every command records its user; an empty string marks an event written without one.
    userId: event.metadata.userId ?? '',
    parent: refOrNull(data.parent),
    components: refsOrNull(data.components),
  };
}

/**
 * A serial's history with one more event. Entries are keyed by revision within the stream, so an event
 * already in the history changes nothing (the store's UNIQUE (stream_id, revision) does the same).
 */
export function appendHistoryEntry(
  history: readonly HistoryEntry[],
  event: RecordedProjectionEvent,
): readonly HistoryEntry[] {
  if (history.some((entry) => entry.revision === event.revision)) return history;
  return [...history, toHistoryEntry(event)].sort((a, b) => a.revision - b.revision);
}
