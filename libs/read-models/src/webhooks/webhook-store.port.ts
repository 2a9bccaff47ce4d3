import type { RecordedEvent } from '@serial/event-store';
import type { Page, PageRequest } from '../read-store.port';

/**
 * Webhook definitions as the deliveries need them, with each webhook's delivery checkpoint (DESIGN.md
 * "Change feed and webhooks"). The deliveries (in the projector process) are its only writer.
 */
export const WEBHOOK_STORE = Symbol('WEBHOOK_STORE');

export interface WebhookRecord {
  readonly id: string;
  readonly url: string;
  readonly sealedSecret: string;
  readonly types: readonly string[];
  readonly productIds: readonly string[];
  readonly paused: boolean;
  readonly createdAt: string;
  /**
   * Position of the event that last set `cursor` (the creation, a redelivery). Progress is stored only
   * under the epoch it was made in, so a redelivery asked for mid-batch is never overwritten by that batch.
   */
  readonly epoch: bigint;
  /** Every event up to here that the webhook wants has been delivered (the others were passed over). */
  readonly cursor: bigint;
  /** The last event of the last delivery answered with 2xx. */
  readonly deliveredPosition: bigint | null;
  /** Failed tries in a row. */
  readonly failures: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
}

export type DeliveryProgress = Pick<
  WebhookRecord,
  'cursor' | 'deliveredPosition' | 'failures' | 'lastError' | 'lastAttemptAt'
>;

/** After this many failed tries in a row a webhook is `failing` (API.md). */
export const FAILING_AFTER = 3;

export type WebhookStatus = 'active' | 'failing' | 'paused';

export function webhookStatus(record: Pick<WebhookRecord, 'paused' | 'failures'>): WebhookStatus {
  if (record.paused) return 'paused';
  return record.failures >= FAILING_AFTER ? 'failing' : 'active';
}

export interface WebhookStore {
  /** The position up to which webhook definition events are applied; 0n before any. */
  registryCheckpoint(): Promise<bigint>;
  /**
   * Applies the webhook definition events among `events` (consecutive, ascending; others are passed over)
   * and moves the registry checkpoint to the last one, all-or-nothing. Events at or below the checkpoint
   * change nothing.
   */
  applyDefinitions(events: readonly RecordedEvent[]): Promise<void>;
  getWebhook(id: string): Promise<WebhookRecord | null>;
  /** By id. */
  listWebhooks(page: PageRequest): Promise<Page<WebhookRecord>>;
  /** Every webhook, by id: the deliveries load them all at start (webhooks are few). */
  allWebhooks(): Promise<WebhookRecord[]>;
  /** Stores a delivery's progress unless the webhook was deleted or reset since `epoch`; true when stored. */
  recordProgress(id: string, epoch: bigint, progress: DeliveryProgress): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
