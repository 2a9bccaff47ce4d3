import { toEventDocument, type RecordedEvent } from '@serial/event-store';
import type { AuditEventDto, EventMetadataDto, LoggedEventDto } from './audit-event.dto';

/** A serial's event as its stream shows it (the stream is named once, beside the items). */
export function toAuditEvent(event: RecordedEvent): AuditEventDto {
  const { streamId: _streamId, ...document } = toEventDocument(event);
  // The command runner and the hash chain write every one of these keys on every event.
  return { ...document, metadata: document.metadata as unknown as EventMetadataDto };
}

/** An event of the whole log: the change feed and webhooks send the same document, so they never disagree. */
export function toLoggedEvent(event: RecordedEvent): LoggedEventDto {
  const document = toEventDocument(event);
  return { ...document, metadata: document.metadata as unknown as EventMetadataDto };
}
