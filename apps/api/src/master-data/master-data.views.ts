import {
  evolveLocation,
  evolveProduct,
  foldStored,
  initialLocationState,
  initialProductState,
} from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import type { LocationDto, ProductDto } from './master-data.dto';

const occurredAt = (event: RecordedEvent) => event.metadata.occurredAt ?? event.recordedAt.toISOString();

/** A product as API.md shows it, folded from its own stream; null when the stream is empty. */
export function productView(events: readonly RecordedEvent[]): ProductDto | null {
  const state = foldStored(events, evolveProduct, initialProductState);
  if (state.status !== 'registered') return null;
  const { productId, productType, status: _status, ...fields } = state;
  return {
    id: productId,
    ...fields,
    type: productType,
    createdAt: occurredAt(events[0]),
    updatedAt: occurredAt(events[events.length - 1]),
    position: events[events.length - 1].position.toString(),
  };
}

export function locationView(events: readonly RecordedEvent[]): LocationDto | null {
  const state = foldStored(events, evolveLocation, initialLocationState);
  if (state.status !== 'registered') return null;
  return {
    id: state.locationId,
    name: state.name,
    type: state.locationType,
    position: events[events.length - 1].position.toString(),
    createdAt: occurredAt(events[0]),
  };
}
