import type { ProjectorTimers } from '../projector/position-waiters';

/** A clock the test moves by hand. */
export class ManualClock {
  private ms: number;

  constructor(start = Date.parse('2026-03-01T08:00:00.000Z')) {
    this.ms = start;
  }

  readonly now = (): Date => new Date(this.ms);

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Timers the test fires by hand, moving the clock with them. */
export class ManualTimers implements ProjectorTimers {
  private pending: { at: number; callback: () => void }[] = [];

  constructor(private readonly clock: ManualClock) {}

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.clock.now().getTime() + ms, callback };
    this.pending.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer !== handle);
  }

  /** Moves the clock to the next timer and fires it, then lets the attempt it starts finish. */
  async fireNext(): Promise<void> {
    const next = this.pending.sort((a, b) => a.at - b.at).shift();
    if (!next) throw new Error('No timer is pending');
    this.clock.advance(next.at - this.clock.now().getTime());
    next.callback();
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  }
}
