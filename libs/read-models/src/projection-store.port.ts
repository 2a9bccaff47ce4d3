import type { RecordedEvent } from '@serial/event-store';

/**
 * The projector's side of a read store: the writes and checkpoints, apart from the queries of
 * ReadStore. Adapters: sqlite (embedded default), mongodb (later).
 */
export const PROJECTION_STORE = Symbol('PROJECTION_STORE');

/**
 * Each keeps its own checkpoint, so a projection added later (movements, the ledger) starts from 0 on
 * its own.
 */
export const PROJECTION_NAMES = [
  'serials',
  'serial_history',
  'products',
  'locations',
  'movements',
  'ledger',
  'components',
] as const;
export type ProjectionName = (typeof PROJECTION_NAMES)[number];

export interface ProjectionCheckpoint {
  readonly name: ProjectionName;
  /** The last position applied; 0n before any. */
  readonly position: bigint;
}

export interface ProjectionTarget {
  /**
   * Applies consecutive events in ascending position order, and advances every checkpoint to the last
   * one, all-or-nothing. Idempotent: events at or below a projection's checkpoint, or below the position
   * a document holds, change nothing. Throws ProjectionFailedError naming the event that failed.
   */
  applyBatch(events: readonly RecordedEvent[]): Promise<void>;
  /** The lowest checkpoint: where a subscription resumes so that no projection misses an event. */
  checkpoint(): Promise<bigint>;
}

export interface ProjectionStore extends ProjectionTarget {
  checkpoints(): Promise<ProjectionCheckpoint[]>;
  /** Fresh, empty read models that queries do not see until `swapIn`; at most one at a time. */
  beginRebuild(): Promise<RebuildTarget>;
}

export interface RebuildTarget extends ProjectionTarget {
  /**
   * Called once, when the rebuild has caught up and before the last events and the swap: builds what
   * a bulk load is faster without (indexes).
   */
  finishBulkLoad(): Promise<void>;
  /** Atomically makes these the read models every query reads, and drops the ones they replace. */
  swapIn(): Promise<void>;
  /** Drops them; the serving read models are untouched. */
  discard(): Promise<void>;
}

/** An event that a projection could not apply; nothing of its batch was written. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: ProjectionName,
    readonly position: bigint,
    cause: unknown,
  ) {
    super(
      `Projection ${projection} failed at position ${position}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ProjectionFailedError';
  }
}
