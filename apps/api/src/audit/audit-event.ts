import { toEventDocument, type RecordedEvent } from '@serial/event-store';

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

/** The change feed and webhooks send the same document, so the three can never disagree. */
export const toAuditEvent = (event: RecordedEvent, withStream = false): AuditEventDto => {
  const document = toEventDocument(event);
  if (withStream) return document;
  const { streamId: _streamId, ...withoutStream } = document;
  return withoutStream;
};
