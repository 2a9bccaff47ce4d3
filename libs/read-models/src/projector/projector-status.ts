import type { ProjectorTimers } from './position-waiters';

export type { ProjectorTimers } from './position-waiters';

/** Nest's Logger fits this shape. */
export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type ProjectorState = 'starting' | 'catching_up' | 'live' | 'stalled' | 'stopped';

export interface ProjectorStatus {
  readonly name: string;
  readonly checkpoint: bigint;
  /** Absent when the event store could not be asked. */
  readonly headPosition?: bigint;
  readonly state: ProjectorState;
  /** Why it is stalled; `position` is the failing event's, null when reading the event store failed. */
  readonly error: { readonly message: string; readonly position: bigint | null } | null;
  /** The position a running rebuild has reached, null when none runs. */
  readonly rebuild: { readonly checkpoint: bigint } | null;
}

/**
 * One row of `GET /v1/admin/projections`, ready for JSON. `lag` is head minus checkpoint: a count of
 * events with the SQLite event store, whose positions have no gaps; with KurrentDB, positions are log
 * offsets and `lag` is a distance in the log, zero only when caught up.
 */
export interface ProjectionLag {
  readonly name: string;
  readonly checkpoint: string;
  readonly lag: number;
}

export interface ProjectorOptions {
  readonly name?: string;
  /** Largest live batch; one transaction each. */
  readonly batchSize?: number;
  readonly rebuildBatchSize?: number;
  /** Exponential backoff between attempts after a failure: initial, doubling up to max. */
  readonly retryDelayMs?: { readonly initial: number; readonly max: number };
  readonly logger?: ProjectorLogger;
  readonly timers?: ProjectorTimers;
}

export class RebuildInProgressError extends Error {
  constructor() {
    super('A rebuild of the read models is already running');
    this.name = 'RebuildInProgressError';
  }
}

/** A live batch that failed, with the position to report: the failing event's when it is known. */
export class BatchFailedError extends Error {
  constructor(
    readonly position: bigint,
    cause: unknown,
  ) {
    super(messageOf(cause), { cause });
    this.name = 'BatchFailedError';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
