import { toEventDocument, type EventStore, type RecordedEvent } from '@serial/event-store';
import { webhookWants } from '@serial/domain';
import {
  FAILING_AFTER,
  isWebhookDefinitionEvent,
  type DeliveryProgress,
  type WebhookRecord,
  type WebhookStore,
} from '@serial/read-models';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SendResult, WebhookRequest } from './webhook-sender';
import { Wakeup } from './wakeup';

export interface DeliveryOptions {
  /** At most this many events per delivery (API.md: 1-100). */
  readonly maxEvents: number;
  /** Events read from the store at a time while looking for the next delivery. */
  readonly scanPage: number;
  /** Backoff between failed tries: the first wait, doubling up to the last. */
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  maxEvents: 100,
  scanPage: 500,
  retry: { initialMs: 1_000, maxMs: 600_000 },
};

export interface QueueContext {
  readonly events: EventStore;
  readonly store: WebhookStore;
  readonly send: (request: WebhookRequest) => Promise<SendResult>;
  readonly unseal: (sealed: string) => string;
  readonly now: () => Date;
  readonly log: { warn(message: string): void; log(message: string): void };
  readonly options: DeliveryOptions;
}

/**
 * One webhook's deliveries, in order: read the events after its cursor, deliver those it wants, and
 * only after a 2xx move on; a failure is tried again with backoff, never skipped. Each webhook has its
 * own queue, so a slow receiver holds up nobody else.
 */
export class WebhookQueue {
  private record: WebhookRecord;
  private stopped = false;
  /** New events in the store, a definition change or the stop: ends an idle wait. */
  private readonly anything = new Wakeup();
  /** A definition change (pause, resume, redelivery) or the stop: also cuts a backoff short. */
  private readonly changed = new Wakeup();
  private inFlight: AbortController | undefined;
  private readonly done: Promise<void>;

  constructor(
    record: WebhookRecord,
    private readonly context: QueueContext,
  ) {
    this.record = record;
    this.done = this.run();
  }

  get id(): string {
    return this.record.id;
  }

  wake(): void {
    this.anything.wake();
  }

  /** The registry's view after a definition event; a new epoch (a redelivery) drops the batch in flight. */
  update(record: WebhookRecord): void {
    const reset = record.epoch !== this.record.epoch;
    this.record = reset ? record : { ...this.record, paused: record.paused };
    if (reset || record.paused) this.inFlight?.abort();
    this.changed.wake();
    this.anything.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.inFlight?.abort();
    this.changed.wake();
    this.anything.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.step();
      } catch (error) {
        this.context.log.warn(`Webhook ${this.record.id}: ${(error as Error).message}; trying again`);
        await this.changed.sleep(this.context.options.retry.initialMs);
      }
    }
  }

  private async step(): Promise<void> {
    const record = this.record;
    this.anything.reset();
    if (record.paused) return this.anything.sleep(Infinity);
    const { events, options } = this.context;
    const page = await events.readAll({ after: record.cursor, limit: options.scanPage });
    if (page.length === 0) {
      return this.anything.sleep(Infinity);
    }
    const wanted = page.filter((event) => !isWebhookDefinitionEvent(event) && webhookWants(record, event));
    const batch = wanted.slice(0, options.maxEvents);
    const cursor =
      wanted.length > options.maxEvents ? batch[batch.length - 1].position : page[page.length - 1].position;
    if (batch.length === 0) {
      await this.progress(record, { ...progressOf(record), cursor });
      return;
    }
    const deliveredAt = await this.deliver(record, batch);
    if (deliveredAt === undefined) return;
    const deliveredPosition = batch[batch.length - 1].position;
    const failures = this.record.failures;
    if (failures > 0)
      this.context.log.log(`Webhook ${record.id}: delivered again after ${failures} failed tries`);
    await this.progress(record, {
      cursor,
      deliveredPosition,
      failures: 0,
      lastError: null,
      lastAttemptAt: deliveredAt,
    });
  }

  /** Tries until a 2xx (the time of that answer) or until the definition changes or the queue stops. */
  private async deliver(record: WebhookRecord, batch: readonly RecordedEvent[]): Promise<string | undefined> {
    const { options, now } = this.context;
    const messageId = `msg_${randomUUID()}`;
    const body = JSON.stringify({ webhookId: record.id, events: batch.map(toEventDocument) });
    let failed = record;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        const delay = Math.min(options.retry.initialMs * 2 ** (failed.failures - 1), options.retry.maxMs);
        await this.changed.sleep(delay);
      }
      if (this.stopped || this.record.paused || this.record.epoch !== record.epoch) return undefined;
      const result = await this.attempt(record, messageId, body);
      const answeredAt = now().toISOString();
      if (result.ok) return answeredAt;
      if (this.stopped || this.record.paused || this.record.epoch !== record.epoch) return undefined;
      failed = {
        ...failed,
        failures: failed.failures + 1,
        lastError: result.error,
        lastAttemptAt: answeredAt,
      };
      if (failed.failures === FAILING_AFTER)
        this.context.log.warn(`Webhook ${record.id} is failing: ${result.error}`);
      await this.progress(record, progressOf(failed));
    }
  }

  /** One signed POST; every try is signed anew, as receivers refuse timestamps older than 5 minutes. */
  private async attempt(record: WebhookRecord, messageId: string, body: string): Promise<SendResult> {
    let webhook: Webhook;
    try {
      webhook = new Webhook(this.context.unseal(record.sealedSecret));
    } catch (error) {
      return { ok: false, error: `cannot sign: ${(error as Error).message}` };
    }
    const sentAt = this.context.now();
    this.inFlight = new AbortController();
    try {
      return await this.context.send({
        url: record.url,
        body,
        signal: this.inFlight.signal,
        headers: {
          'content-type': 'application/json',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': webhook.sign(messageId, sentAt, body),
        },
      });
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Stores progress made in `record`'s epoch; a redelivery that came meanwhile wins. */
  private async progress(record: WebhookRecord, progress: DeliveryProgress): Promise<void> {
    const stored = await this.context.store.recordProgress(record.id, record.epoch, progress);
    if (stored && this.record.epoch === record.epoch) this.record = { ...this.record, ...progress };
  }
}

function progressOf(record: WebhookRecord): DeliveryProgress {
  const { cursor, deliveredPosition, failures, lastError, lastAttemptAt } = record;
  return { cursor, deliveredPosition, failures, lastError, lastAttemptAt };
}
