import {
  WEBHOOK_STREAM_PREFIX,
  type WebhookCreated,
  type WebhookEvent,
  type WebhookRedeliveryRequested,
} from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import type { WebhookRecord } from './webhook-store.port';

export function isWebhookDefinitionEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(WEBHOOK_STREAM_PREFIX);
}

/**
 * What a definition event makes of a webhook's record (null: no such webhook). Pure, so both adapters
 * persist the same thing. A creation starts afresh, even over a deleted webhook of the same id.
 */
export function evolveWebhookRecord(
  record: WebhookRecord | null,
  recorded: RecordedEvent,
): WebhookRecord | null {
  const event = recorded as unknown as WebhookEvent;
  switch (event.type) {
    case 'WebhookCreated':
      return createdRecord(event.data, recorded);
    case 'WebhookDeleted':
      return null;
    case 'WebhookPaused':
      return record && { ...record, paused: true };
    case 'WebhookResumed':
      // A resumed webhook tries at once: its failures so far no longer hold a retry back.
      return record && { ...record, paused: false };
    case 'WebhookRedeliveryRequested':
      return record && redelivered(record, event.data, recorded.position);
    default:
      return record;
  }
}

function createdRecord(data: WebhookCreated['data'], recorded: RecordedEvent): WebhookRecord {
  return {
    id: data.webhookId,
    url: data.url,
    sealedSecret: data.sealedSecret,
    types: data.types,
    productIds: data.productIds,
    paused: false,
    createdAt: recorded.recordedAt.toISOString(),
    epoch: recorded.position,
    cursor: BigInt(data.fromPosition),
    deliveredPosition: null,
    failures: 0,
    lastError: null,
    lastAttemptAt: null,
  };
}

function redelivered(
  record: WebhookRecord,
  data: WebhookRedeliveryRequested['data'],
  position: bigint,
): WebhookRecord {
  return { ...record, epoch: position, cursor: BigInt(data.fromPosition), failures: 0 };
}
