/** The timer functions the projector uses; a seam for tests. */
export interface ProjectorTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: ProjectorTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Waiter {
  readonly position: bigint;
  readonly settle: (reached: boolean) => void;
}

/** Read-your-writes (X-Min-Position): callers waiting for the checkpoint, woken by each batch applied. */
export class PositionWaiters {
  private readonly waiting = new Set<Waiter>();

  constructor(private readonly timers: ProjectorTimers) {}

  wait(checkpoint: bigint, position: bigint, timeoutMs: number): Promise<boolean> {
    if (checkpoint >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        settle: (reached) => {
          this.timers.clearTimeout(timer);
          this.waiting.delete(waiter);
          resolve(reached);
        },
      };
      const timer = this.timers.setTimeout(() => waiter.settle(false), timeoutMs);
      this.waiting.add(waiter);
    });
  }

  advance(checkpoint: bigint): void {
    for (const waiter of this.waiting) {
      if (checkpoint >= waiter.position) waiter.settle(true);
    }
  }

  cancelAll(): void {
    for (const waiter of this.waiting) waiter.settle(false);
  }
}
