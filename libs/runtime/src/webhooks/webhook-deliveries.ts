import type { EventStore, RecordedEvent, Subscription } from '@serial/event-store';
import { isWebhookDefinitionEvent, type WebhookRecord, type WebhookStore } from '@serial/read-models';
import type { Companion } from '../stores/projector-companions';
import { WebhookQueue, type QueueContext } from './webhook-queue';

/** The registry's checkpoint is written with each definition change, and otherwise at most this often. */
const CHECKPOINT_EVERY_MS = 1_000;
const RESUBSCRIBE_AFTER_MS = 1_000;

/**
 * Every webhook's deliveries, run beside the projector (a projector companion). One subscription to
 * the event store keeps the definitions in the webhook store up to date (the registry) and wakes the
 * queues when events arrive; each webhook's queue reads and delivers on its own.
 */
export class WebhookDeliveries implements Companion {
  private readonly queues = new Map<string, WebhookQueue>();
  private subscription: Subscription | undefined;
  private running = false;
  private checkpointedAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly events: EventStore,
    private readonly store: WebhookStore,
    private readonly context: Omit<QueueContext, 'events' | 'store'>,
  ) {}

  /** How many webhooks have a queue here (tests, logs). */
  get size(): number {
    return this.queues.size;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const record of await this.store.allWebhooks()) this.sync(record.id, record);
    await this.subscribe();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.retryTimer);
    await this.subscription?.close();
    this.subscription = undefined;
    await Promise.all([...this.queues.values()].map((queue) => queue.stop()));
    this.queues.clear();
  }

  private async subscribe(): Promise<void> {
    if (!this.running) return;
    try {
      const after = await this.store.registryCheckpoint();
      this.subscription = this.events.subscribeToAll({
        after,
        onEvents: (events) => this.registry(events),
        onError: (error) => this.resubscribe(error),
      });
    } catch (error) {
      this.resubscribe(error);
    }
  }

  private resubscribe(error: unknown): void {
    this.subscription = undefined;
    if (!this.running) return;
    this.context.log.warn(`Webhook registry stopped: ${(error as Error).message}; resubscribing`);
    this.retryTimer = setTimeout(() => void this.subscribe(), RESUBSCRIBE_AFTER_MS);
  }

  private async registry(events: readonly RecordedEvent[]): Promise<void> {
    const changed = [
      ...new Set(events.filter(isWebhookDefinitionEvent).map((event) => String(event.data.webhookId))),
    ];
    if (changed.length > 0 || Date.now() - this.checkpointedAt >= CHECKPOINT_EVERY_MS) {
      await this.store.applyDefinitions(events);
      this.checkpointedAt = Date.now();
    }
    for (const id of changed) this.sync(id, await this.store.getWebhook(id));
    for (const queue of this.queues.values()) queue.wake();
  }

  private sync(id: string, record: WebhookRecord | null): void {
    const queue = this.queues.get(id);
    if (record === null) {
      this.queues.delete(id);
      void queue?.stop();
      return;
    }
    if (queue) queue.update(record);
    else
      this.queues.set(
        id,
        new WebhookQueue(record, { ...this.context, events: this.events, store: this.store }),
      );
  }
}
