import type { ProjectionStore } from '../projection-store.port';
import { systemTimers, type ProjectorTimers } from './position-waiters';
import { messageOf, type ProjectorLogger } from './projector-status';
import type { ProjectorLease } from './projector-lease';

/** What it runs: a Projector, of which only start and stop are needed. */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LeasedProjectorOptions {
  /** How often the holder renews; a third of the lease term leaves two attempts before it lapses. */
  readonly renewEveryMs: number;
  /** How often a standby tries to take the lease over. */
  readonly standbyRetryMs: number;
  readonly logger: ProjectorLogger;
  readonly timers?: ProjectorTimers;
}

/**
 * Runs the projector only while this instance holds the lease (DESIGN.md "Past one machine"): several
 * instances may start, one projects, the others stand by and take over once its lease lapses. The
 * SQLite store needs none of this: one process writes its files.
 */
export class LeasedProjector {
  private running = false;
  private stopped = true;
  private timer: unknown;
  private turn: Promise<void> = Promise.resolve();
  private readonly timers: ProjectorTimers;

  constructor(
    private readonly projector: Startable,
    private readonly lease: ProjectorLease,
    private readonly options: LeasedProjectorOptions,
  ) {
    this.timers = options.timers ?? systemTimers;
  }

  /** True while the projector runs here under a lease that has not lapsed. */
  get isActive(): boolean {
    return this.running && this.lease.isHeld;
  }

  /** Makes the first attempt and returns, projecting or standing by; later attempts run on a timer. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.next();
  }

  /** Stops projecting and releases the lease, so a standby takes over without waiting out the term. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.turn;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.halt();
    await this.lease.release().catch((error: unknown) => {
      this.options.logger.warn(`Could not release the projector lease: ${messageOf(error)}`);
    });
  }

  /** One attempt at a time: a slow claim never overlaps the next. */
  private next(): Promise<void> {
    this.turn = this.turn.then(() => this.attempt());
    return this.turn;
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    let held: boolean;
    try {
      held = await this.lease.claim();
    } catch (error) {
      // The store may be back before the term ends: keep projecting until then.
      held = this.lease.isHeld;
      this.options.logger.warn(`Projector lease ${this.lease.owner}: claim failed: ${messageOf(error)}`);
    }
    if (this.stopped) return;
    if (held && !this.running) {
      this.options.logger.log(`Projector lease ${this.lease.owner}: acquired, projecting`);
      this.running = true;
      await this.projector.start();
    } else if (!held && this.running) {
      this.options.logger.warn(`Projector lease ${this.lease.owner}: lost, standing by`);
      await this.halt();
    }
    if (this.stopped) return;
    const delay = held ? this.options.renewEveryMs : this.options.standbyRetryMs;
    this.timer = this.timers.setTimeout(() => void this.next(), delay);
  }

  private async halt(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.projector.stop();
  }
}

/**
 * The store the leased projector writes through: a rebuild begins only where the lease is held. A
 * rebuild elsewhere would swap in read models while the holder keeps writing to the ones replaced.
 */
export function rebuildOnlyWithLease(store: ProjectionStore, holdsLease: () => boolean): ProjectionStore {
  return {
    applyBatch: (events) => store.applyBatch(events),
    checkpoint: () => store.checkpoint(),
    checkpoints: () => store.checkpoints(),
    beginRebuild: async () => {
      if (!holdsLease()) {
        throw new Error(
          'This instance does not hold the projector lease; request the rebuild where the projector runs',
        );
      }
      return store.beginRebuild();
    },
  };
}
