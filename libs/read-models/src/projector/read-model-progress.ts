import type { ProjectionStore } from '../projection-store.port';
import { systemTimers, type ProjectorTimers } from './position-waiters';

/** How far the read models have got; the inline projector or, without one, the read store's checkpoint. */
export const READ_MODEL_PROGRESS = Symbol('READ_MODEL_PROGRESS');
export interface ReadModelProgress {
  /** True once the read models include `position`, false if `timeoutMs` passed first. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
}

export interface CheckpointPollingOptions {
  /** How long to wait between two reads of the stored checkpoint. */
  readonly pollMs?: number;
  readonly timers?: ProjectorTimers;
  /** Milliseconds since the epoch; a seam for tests, like `timers`. */
  readonly now?: () => number;
}

export const DEFAULT_CHECKPOINT_POLL_MS = 20;

/** Without a projector in this process, the stored checkpoint is the only sign of progress. */
export function checkpointPolling(
  store: Pick<ProjectionStore, 'checkpoint'>,
  options: CheckpointPollingOptions = {},
): ReadModelProgress {
  const { pollMs = DEFAULT_CHECKPOINT_POLL_MS, timers = systemTimers, now = Date.now } = options;
  const pause = () => new Promise<void>((resolve) => timers.setTimeout(resolve, pollMs));
  return {
    async waitForPosition(position, timeoutMs) {
      const deadline = now() + timeoutMs;
      for (;;) {
        if ((await store.checkpoint()) >= position) return true;
        if (now() >= deadline) return false;
        await pause();
      }
    },
  };
}

/** What runs the read models in this process: the projector and, with MongoDB, its lease. */
export interface ProjectorRunnerView {
  readonly projector: ReadModelProgress;
  readonly leased: { readonly isActive: boolean } | null;
}

/**
 * The inline projector knows at once when a position is applied; a process that does not project
 * (PROJECTOR=off, or standing by for the lease) can only watch the stored checkpoint.
 */
export function readModelProgress(
  { projector, leased }: ProjectorRunnerView,
  store: Pick<ProjectionStore, 'checkpoint'>,
  runsProjector: boolean,
  options: CheckpointPollingOptions = {},
): ReadModelProgress {
  const polling = checkpointPolling(store, options);
  if (!runsProjector) return polling;
  if (!leased) return projector;
  return {
    waitForPosition: (position, timeoutMs) =>
      leased.isActive
        ? projector.waitForPosition(position, timeoutMs)
        : polling.waitForPosition(position, timeoutMs),
  };
}
