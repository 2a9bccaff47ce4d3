import type { Readable } from 'node:stream';
import {
  StoreUnavailableError,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { follows } from './kurrentdb-mapping';

/** The client's catch-up subscription: an object-mode stream the server fills, catching up then live. */
export interface SubscriptionSource extends Readable {
  unsubscribe(): Promise<void>;
}

export interface StreamedSubscriptionOptions<T> extends SubscribeOptions {
  readonly open: () => SubscriptionSource;
  /** `undefined` for items that carry no event. */
  readonly toEvent: (item: T) => RecordedEvent | undefined;
  readonly toError: (error: unknown) => unknown;
  readonly onStopped: () => void;
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Hands the server's subscription to `onEvents` in batches of what has arrived (up to `batchSize`),
 * one batch at a time; the stream's buffer and gRPC flow control hold the server back meanwhile.
 *
 * Like the SQLite adapter and as the port says, any failure (the connection dropping included) stops the
 * subscription and goes to `onError`, without resubscribing here: the subscriber resubscribes from its own
 * checkpoint, which is the last position it handled (the projector does so with backoff and reports the
 * stall on /health). A second retry loop in here would hide that stall and double the backoff.
 */
export class StreamedSubscription<T> implements Subscription {
  private closed = false;
  private woken = false;
  private endSleep: (() => void) | undefined;
  private failure: unknown;
  private ended = false;
  private readonly done: Promise<void>;

  constructor(private readonly options: StreamedSubscriptionOptions<T>) {
    this.done = this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    const { onEvents, batchSize = DEFAULT_BATCH_SIZE } = this.options;
    let source: SubscriptionSource | undefined;
    let position = this.options.after ?? 0n;
    try {
      source = this.listen(this.open());
      while (!this.closed) {
        this.woken = false;
        const batch = this.take(source, batchSize, position);
        if (batch.length > 0) {
          await onEvents(batch);
          position = batch[batch.length - 1].position;
          continue;
        }
        if (this.failure !== undefined) throw this.failure;
        if (this.ended) throw new StoreUnavailableError('KurrentDB ended the subscription');
        await this.sleep();
      }
    } catch (error) {
      this.closed = true;
      this.report(error);
    } finally {
      await source?.unsubscribe().catch(() => undefined);
      this.options.onStopped();
    }
  }

  private open(): SubscriptionSource {
    try {
      return this.options.open();
    } catch (error) {
      throw this.options.toError(error);
    }
  }

  private listen(source: SubscriptionSource): SubscriptionSource {
    source.on('readable', () => this.wake());
    source.on('end', () => {
      this.ended = true;
      this.wake();
    });
    source.on('error', (error) => {
      this.failure ??= this.options.toError(error);
      this.wake();
    });
    return source;
  }

  /** What the stream holds now, without waiting: the events after `position`, in order. */
  private take(source: SubscriptionSource, max: number, position: bigint): RecordedEvent[] {
    const batch: RecordedEvent[] = [];
    let last = position;
    while (batch.length < max) {
      const item: T | null = source.read();
      if (item === null) break;
      const event = this.options.toEvent(item);
      if (event === undefined || !follows(event, last)) continue;
      batch.push(event);
      last = event.position;
    }
    return batch;
  }

  private wake(): void {
    this.woken = true;
    this.endSleep?.();
  }

  private sleep(): Promise<void> {
    if (this.woken || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.endSleep = () => {
        this.endSleep = undefined;
        resolve();
      };
    });
  }

  private report(error: unknown): void {
    if (this.options.onError) {
      this.options.onError(error);
      return;
    }
    // A projector that silently stopped would be worse than a crash: surface it as an unhandled rejection.
    void Promise.reject(error);
  }
}
