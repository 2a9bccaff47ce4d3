/** Long enough that a slice costs nothing measurable, short enough that `/health` answers in time. */
export const DEFAULT_SLICE_MS = 8;

const waiting: (() => void)[] = [];
let releasing = false;

/**
 * Resolves on a later turn of the event loop, and at most one caller of `takeTurn` per turn. Node runs
 * every `setImmediate` callback queued before a turn's check phase in that phase, without reading
 * sockets in between: two large commands that each yielded with their own `setImmediate` ran their
 * next slices back to back, and `/health` waited for both. Here the waiters are released one per turn
 * (a callback queued from inside the check phase runs in the next turn), so the poll phase, where
 * requests are read, comes between any two slices of work.
 */
export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!releasing) {
      releasing = true;
      setImmediate(releaseOne);
    }
  });
}

function releaseOne(): void {
  const next = waiting.shift();
  if (waiting.length > 0) setImmediate(releaseOne);
  else releasing = false;
  next?.();
}

/**
 * Cuts long synchronous work (hashing 20,000 events, reading 10,000 streams) into slices of about
 * `sliceMs`, letting the event loop serve other requests between them: a 10,000-serial command must
 * not keep `/health` waiting (API.md "Load limits"). Checking is cheap; only `next()` costs a turn.
 *
 *     const slice = new TimeSlice();
 *     for (const item of items) { work(item); if (slice.due()) await slice.next(); }
 */
export class TimeSlice {
  private startedAt = performance.now();

  constructor(private readonly sliceMs = DEFAULT_SLICE_MS) {}

  /** True once this slice has run for `sliceMs`. */
  due(): boolean {
    return performance.now() - this.startedAt >= this.sliceMs;
  }

  /** Resolves on a later turn of the event loop (see takeTurn), starting a new slice. */
  async next(): Promise<void> {
    await takeTurn();
    this.startedAt = performance.now();
  }
}
