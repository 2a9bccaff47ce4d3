import { setImmediate as nextTurn } from 'node:timers/promises';

/** Long enough that a slice costs nothing measurable, short enough that `/health` answers in time. */
export const DEFAULT_SLICE_MS = 8;

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

  /** Resolves on the event loop's next turn (after pending I/O), starting a new slice. */
  async next(): Promise<void> {
    await nextTurn();
    this.startedAt = performance.now();
  }
}
