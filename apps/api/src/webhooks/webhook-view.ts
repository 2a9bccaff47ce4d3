import { evolveWebhook, initialWebhookState, type WebhookEvent, type WebhookState } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import { webhookStatus, type WebhookRecord } from '@serial/read-models';
import type { WebhookDto } from './webhooks.dto';

/** The webhook as its stream says now, and when its current incarnation was created. */
export interface FoldedWebhook {
  readonly state: Exclude<WebhookState, { status: 'none' }>;
  readonly createdAt: string;
  readonly createdPosition: bigint;
}

export function foldWebhook(events: readonly RecordedEvent[]): FoldedWebhook | null {
  let state: WebhookState = initialWebhookState;
  let created: RecordedEvent | undefined;
  for (const event of events) {
    state = evolveWebhook(state, event as unknown as WebhookEvent);
    if (event.type === 'WebhookCreated') created = event;
  }
  if (state.status === 'none' || created === undefined) return null;
  return { state, createdAt: created.recordedAt.toISOString(), createdPosition: created.position };
}

/**
 * The definition from the stream (current at once, like products), the delivery state from the webhook
 * store, which the deliveries keep; before they have seen the webhook, it has not been delivered yet.
 */
export function webhookView(folded: FoldedWebhook, record: WebhookRecord | null): WebhookDto {
  const { definition } = folded.state;
  const delivery = record !== null && record.epoch >= folded.createdPosition ? record : null;
  return {
    id: definition.webhookId,
    url: definition.url,
    types: definition.types,
    productIds: definition.productIds,
    status: webhookStatus({ paused: folded.state.status === 'paused', failures: delivery?.failures ?? 0 }),
    deliveredPosition: delivery?.deliveredPosition?.toString() ?? null,
    lastError: delivery?.lastError ?? null,
    lastAttemptAt: delivery?.lastAttemptAt ?? null,
    createdAt: folded.createdAt,
  };
}

/** A listed webhook, all from the webhook store. */
export function recordView(record: WebhookRecord): WebhookDto {
  return {
    id: record.id,
    url: record.url,
    types: [...record.types],
    productIds: [...record.productIds],
    status: webhookStatus(record),
    deliveredPosition: record.deliveredPosition?.toString() ?? null,
    lastError: record.lastError,
    lastAttemptAt: record.lastAttemptAt,
    createdAt: record.createdAt,
  };
}
