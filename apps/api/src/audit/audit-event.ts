import type { RecordedEvent } from '@serial/event-store';
import type { AuditEventDto, EventMetadataDto, LoggedEventDto } from './audit-event.dto';

export function toAuditEvent(event: RecordedEvent): AuditEventDto {
  return {
    eventId: event.eventId,
    type: event.type,
    revision: event.revision,
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    // The command runner and the hash chain write every one of these keys on every event.
    metadata: event.metadata as unknown as EventMetadataDto,
  };
}

export function toLoggedEvent(event: RecordedEvent): LoggedEventDto {
  const { eventId, ...rest } = toAuditEvent(event);
  return { eventId, streamId: event.streamId, ...rest };
}
