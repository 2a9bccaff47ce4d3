import { AsyncLocalStorage } from 'node:async_hooks';
import type { IdempotencyRecord } from '@serial/event-store';

/** What a keyed request's command ended with, as a retry is handed it instead of running again. */
export interface CommittedOutcome {
  readonly position: bigint;
  readonly result: unknown;
}

/**
 * An `Idempotency-Key` request as its command sees it (set by the api's idempotency interceptor around
 * the route's handler). The first command of the request that appends takes the scope: its outcome is
 * committed with its events, or, when a run of the same request already committed, handed back
 * without deciding or appending again.
 */
export interface IdempotentCommandScope {
  /** Set when an earlier run of this request appended and died before its answer was recorded. */
  readonly committed: CommittedOutcome | undefined;
  /** The record to write with the append, for the command's domain result; undefined: not with the events. */
  readonly recordFor: ((result: unknown) => Promise<IdempotencyRecord>) | undefined;
  /** Set once a command of the request has taken the scope (the one whose outcome counts). */
  taken: boolean;
}

export const idempotentCommands = new AsyncLocalStorage<IdempotentCommandScope>();
