import type { RecordedEvent } from '@serial/event-store';

/** An event as auditors see it: positions as decimal strings, times as ISO-8601. */
export interface AuditEventDto {
  eventId: string;
  streamId?: string;
  type: string;
  revision: number;
  position: string;
  recordedAt: string;
  data: Readonly<Record<string, unknown>>;
  metadata: Readonly<Record<string, string>>;
}

export const toAuditEvent = (event: RecordedEvent, withStream = false): AuditEventDto => ({
  eventId: event.eventId,
  ...(withStream ? { streamId: event.streamId } : {}),
  type: event.type,
  revision: event.revision,
  position: event.position.toString(),
  recordedAt: event.recordedAt.toISOString(),
  data: event.data,
  metadata: event.metadata,
});
