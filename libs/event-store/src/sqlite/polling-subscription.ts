import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { takeTurn } from '../time-slice';

export interface PollingSubscriptionOptions extends SubscribeOptions {
  readonly readBatch: (after: bigint, limit: number) => Promise<readonly RecordedEvent[]>;
  readonly pollIntervalMs: number;
  readonly onStopped: () => void;
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Catch-up-then-live over `readBatch`: reads until nothing is left, then sleeps until `wake()` (an append
 * through the same store) or the poll interval (an append from another process) and reads again.
 */
export class PollingSubscription implements Subscription {
  private closed = false;
  private woken = false;
  private endSleep: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(private readonly options: PollingSubscriptionOptions) {
    this.done = this.run();
  }

  wake(): void {
    this.woken = true;
    this.endSleep?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    const { readBatch, onEvents, batchSize = DEFAULT_BATCH_SIZE } = this.options;
    let checkpoint = this.options.after ?? 0n;
    try {
      while (!this.closed) {
        // Cleared before reading: a wake-up that arrives while we read must not be lost.
        this.woken = false;
        const batch = await readBatch(checkpoint, batchSize);
        if (this.closed) break;
        if (batch.length === 0) {
          await this.sleep();
          continue;
        }
        await onEvents(batch);
        checkpoint = batch[batch.length - 1].position;
        // A catch-up of many batches would otherwise run back to back, every request waiting behind it.
        await takeTurn();
      }
    } catch (error) {
      this.closed = true;
      this.report(error);
    } finally {
      this.options.onStopped();
    }
  }

  private sleep(): Promise<void> {
    if (this.woken || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endSleep?.(), this.options.pollIntervalMs);
      this.endSleep = () => {
        clearTimeout(timer);
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
