import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '@serial/event-store';
import { FeedClient, type FeedLimits, type FeedOutput, type FeedSource } from './feed-client';
import { FeedBatch, FeedFrame, type FeedFilter } from './feed-frame';

export const FEED_LIMITS = Symbol('FEED_LIMITS');

export const DEFAULT_FEED_LIMITS: FeedLimits = {
  keepAliveMs: 15_000,
  pageSize: 500,
  maxQueuedEvents: 10_000,
  maxQueuedBytes: 8 * 1024 * 1024,
  maxPendingEvents: 10_000,
};

const RESUBSCRIBE_AFTER_MS = 1_000;

/** The feed service is closing: no new feeds. */
export class FeedClosedError extends Error {}

/**
 * The one subscription to the event store of this instance (DESIGN.md "Change feed and webhooks"),
 * fanned out to every open feed; each feed catches up from the store on its own first (FeedClient).
 * The hub never waits for a feed: a feed that cannot keep up is disconnected, not buffered.
 */
@Injectable()
export class FeedHub implements FeedSource, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FeedHub');
  private readonly clients = new Set<FeedClient>();
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private head = 0n;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(FEED_LIMITS) private readonly limits: FeedLimits,
  ) {}

  get position(): bigint {
    return this.head;
  }

  get openFeeds(): number {
    return this.clients.size;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.head = await this.events.headPosition();
    this.subscribe();
  }

  /** Ends every feed before the HTTP server closes, so that closing never waits on an open stream. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const client of [...this.clients]) client.close(true);
    await this.subscription?.close();
  }

  /** A feed from `after` (exclusive; undefined: the store's head, so only new events). */
  async open(out: FeedOutput, filter: FeedFilter, after: bigint | undefined): Promise<FeedClient> {
    if (this.closed) throw new FeedClosedError('The service is shutting down');
    const start = after ?? (await this.events.headPosition());
    if (this.closed) throw new FeedClosedError('The service is shutting down');
    // Registered in the same turn as it notes the hub's position: no batch can fall between the two.
    const client = new FeedClient(out, filter, start, this, this.limits);
    this.clients.add(client);
    void client.catchUp();
    return client;
  }

  readPage(after: bigint, limit: number): Promise<readonly RecordedEvent[]> {
    return this.events.readAll({ after, limit });
  }

  remove(client: FeedClient): void {
    this.clients.delete(client);
  }

  private subscribe(): void {
    if (this.closed) return;
    this.subscription = this.events.subscribeToAll({
      after: this.head,
      batchSize: 1000,
      onEvents: async (events) => this.fanOut(events),
      onError: (error) => {
        this.subscription = undefined;
        if (this.closed) return;
        this.logger.warn(`Feed subscription stopped: ${(error as Error).message}; resubscribing`);
        this.retryTimer = setTimeout(() => this.subscribe(), RESUBSCRIBE_AFTER_MS);
      },
    });
  }

  private fanOut(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    const batch = new FeedBatch(events.map((event) => new FeedFrame(event)));
    this.head = batch.lastPosition;
    for (const client of this.clients) client.push(batch);
  }
}
