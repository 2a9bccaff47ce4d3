import type { RecordedEvent } from './event-store.port';

/**
 * An event as clients read it (`/v1/audit/events` items, the change feed, webhook deliveries): positions
 * as decimal strings, times as ISO-8601.
 */
export interface EventDocument {
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: string;
  readonly recordedAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, string>>;
}

export const toEventDocument = (event: RecordedEvent): EventDocument => ({
  eventId: event.eventId,
  streamId: event.streamId,
  type: event.type,
  revision: event.revision,
  position: event.position.toString(),
  recordedAt: event.recordedAt.toISOString(),
  data: event.data,
  metadata: event.metadata,
});
