import type { EventStore, RecordedEvent, Subscription } from '@serial/event-store';
import { PositionWaiters, systemTimers } from './position-waiters';
import { ProjectionFailedError, type ProjectionStore } from '../projection-store.port';
import { rebuildReadModels, yieldToEventLoop } from './projector-rebuild';
import { Stall } from './projector-stall';
import {
  BatchFailedError,
  RebuildInProgressError,
  type ProjectionLag,
  type ProjectorOptions,
  type ProjectorState,
  type ProjectorStatus,
} from './projector-status';

/**
 * Applies the event store's events, in global order and in batches, to the read store, from the
 * checkpoint stored with the read models (DESIGN.md "Read path"). Plain TypeScript: apps wire it.
 */
export class Projector {
  readonly name: string;
  private readonly options: Required<Omit<ProjectorOptions, 'name'>>;
  private readonly waiters: PositionWaiters;
  private phase: 'stopped' | 'starting' | 'running' = 'stopped';
  private position = 0n;
  private subscription: Subscription | undefined;
  private stopping = false;
  private readonly stall: Stall;
  private retryTimer: unknown;
  private lock: Promise<unknown> = Promise.resolve();
  private rebuildRun: Promise<void> | undefined;
  private rebuildReached: bigint | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    options: ProjectorOptions = {},
  ) {
    this.name = options.name ?? 'read-models';
    this.options = {
      // A live batch is one synchronous read-model transaction, read and applied in one turn of the
      // event loop: 2,000 events held it for 50-100 ms, 500 deliveries' events for 30-85 ms, 200 for
      // 10-30 (API.md "Load limits": /health answers meanwhile).
      batchSize: options.batchSize ?? 200,
      rebuildBatchSize: options.rebuildBatchSize ?? 5000,
      retryDelayMs: options.retryDelayMs ?? { initial: 100, max: 30_000 },
      logger: options.logger ?? console,
      timers: options.timers ?? systemTimers,
    };
    this.waiters = new PositionWaiters(this.options.timers);
    this.stall = new Stall(this.options.retryDelayMs);
  }

  /** The position every read model has reached. */
  get checkpoint(): bigint {
    return this.position;
  }

  get isRebuilding(): boolean {
    return this.rebuildRun !== undefined;
  }

  /** Subscribes from the stored checkpoint; a failure to get there is retried like a failing batch. */
  async start(): Promise<void> {
    if (this.phase !== 'stopped') return;
    this.stopping = false;
    this.phase = 'starting';
    await this.connect();
  }

  /** Finishes the batch in flight, ends any rebuild without swapping it in, and stops. */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.stopping = true;
    if (this.retryTimer !== undefined) this.options.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
    await this.rebuildRun?.catch(() => undefined);
    this.phase = 'stopped';
    this.waiters.cancelAll();
  }

  /** True as soon as the read models hold `position`; false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(this.position, position, timeoutMs);
  }

  async status(): Promise<ProjectorStatus> {
    const headPosition = await this.events.headPosition().catch(() => undefined);
    return {
      name: this.name,
      checkpoint: this.position,
      ...(headPosition === undefined ? {} : { headPosition }),
      state: this.state(headPosition),
      error: this.stall.error,
      rebuild: this.rebuildReached === null ? null : { checkpoint: this.rebuildReached },
    };
  }

  async projections(): Promise<ProjectionLag[]> {
    const [head, checkpoints] = await Promise.all([this.events.headPosition(), this.store.checkpoints()]);
    return checkpoints.map(({ name, position }) => ({
      name,
      checkpoint: position.toString(),
      lag: head > position ? Number(head - position) : 0,
    }));
  }

  /**
   * Rebuilds every read model from position 0 in the background and swaps them in once caught up; the
   * old ones serve until then. Resolves after the swap. Rejects at once with RebuildInProgressError
   * while another rebuild runs.
   */
  rebuild(): Promise<void> {
    if (this.rebuildRun) return Promise.reject(new RebuildInProgressError());
    const run = this.runRebuild().finally(() => {
      this.rebuildRun = undefined;
      this.rebuildReached = null;
    });
    this.rebuildRun = run;
    return run;
  }

  private async runRebuild(): Promise<void> {
    this.rebuildReached = 0n;
    await rebuildReadModels({
      name: this.name,
      events: this.events,
      store: this.store,
      logger: this.options.logger,
      batchSize: this.options.rebuildBatchSize,
      exclusive: (work) => this.exclusive(work),
      stopped: () => this.stopping,
      onProgress: (position) => (this.rebuildReached = position),
    });
    this.advance(await this.store.checkpoint());
  }

  private async connect(): Promise<void> {
    try {
      this.advance(await this.store.checkpoint());
      if (this.stopping) return;
      const subscription = this.events.subscribeToAll({
        after: this.position,
        batchSize: this.options.batchSize,
        onEvents: (events) => this.applyLive(events),
        onError: (error) => {
          if (this.subscription === subscription) this.subscription = undefined;
          this.fail(error);
        },
      });
      this.subscription = subscription;
      this.phase = 'running';
      // A read failure has no batch to prove it is over: the store answering with nothing left does.
      if (this.stall.error?.position === null && (await this.events.headPosition()) <= this.position) {
        this.recover();
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async applyLive(events: readonly RecordedEvent[]): Promise<void> {
    try {
      await this.exclusive(() => this.store.applyBatch(events));
    } catch (error) {
      const position = error instanceof ProjectionFailedError ? error.position : events[0].position;
      throw new BatchFailedError(position, error);
    }
    this.advance(events[events.length - 1].position);
    this.recover();
    await yieldToEventLoop();
  }

  private fail(error: unknown): void {
    if (this.stopping) return;
    const delay = this.stall.record(error);
    const { message, position } = this.stall.error as NonNullable<ProjectorStatus['error']>;
    const where = position === null ? 'reading the event store' : `at position ${position}`;
    const attempt = this.stall.failedAttempts;
    this.options.logger.error(
      `Projector ${this.name} stalled ${where}: ${message}; attempt ${attempt}, retrying in ${delay} ms`,
    );
    this.options.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.options.timers.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  private recover(): void {
    if (!this.stall.error) return;
    const attempts = this.stall.failedAttempts;
    this.options.logger.log(`Projector ${this.name} recovered after ${attempts} failed attempts`);
    this.stall.clear();
  }

  private advance(position: bigint): void {
    if (position <= this.position) return;
    this.position = position;
    this.waiters.advance(position);
  }

  private state(headPosition: bigint | undefined): ProjectorState {
    if (this.phase === 'stopped') return 'stopped';
    if (this.stall.error) return 'stalled';
    if (this.phase === 'starting') return 'starting';
    return headPosition !== undefined && this.position >= headPosition ? 'live' : 'catching_up';
  }

  /** Live batches and the rebuild's swap take turns, never overlap. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work);
    this.lock = run.catch(() => undefined);
    return run;
  }
}
