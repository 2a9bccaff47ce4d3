import type { CommittedOutcome } from '@serial/runtime';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/**
 * Whose key it is: scoped by the JWT subject and the concrete route, so two clients (or one client
 * on two routes) that happen to pick the same key never see each other's responses.
 */
export interface IdempotencyKeyRef {
  readonly userId: string;
  /** `METHOD /path` of the request, without its query string. */
  readonly scope: string;
  readonly key: string;
}

/** The response as it went out, so that a replay is byte for byte the same. */
export interface StoredResponse {
  readonly status: number;
  /** Null with the body: the first response had none. */
  readonly contentType: string | null;
  readonly body: string | null;
}

/** Proof of ownership of an in-flight key: only its holder may renew, complete or release it. */
export interface IdempotencyClaim {
  readonly ref: IdempotencyKeyRef;
  readonly token: string;
}

export type ClaimResult =
  | {
      readonly outcome: 'claimed';
      readonly claim: IdempotencyClaim;
      /** Set on a takeover of a key whose command committed but whose answer was never recorded. */
      readonly committed?: CommittedOutcome;
    }
  | { readonly outcome: 'replay'; readonly response: StoredResponse }
  | { readonly outcome: 'in_progress' }
  | { readonly outcome: 'body_mismatch' }
  /** The user holds MAX_KEYS_PER_USER live keys; the oldest of them expires after `retryAfterMs`. */
  | { readonly outcome: 'too_many_keys'; readonly retryAfterMs: number };

/** API.md "Idempotency-Key": past this many live keys, a user's new key is 429. */
export const MAX_KEYS_PER_USER = 100_000;

/**
 * Durable memory of Idempotency-Key requests (API.md "Conventions"). A key is first claimed (in
 * flight, under a lease), then either completed with the response to replay or released so that a
 * retry runs the request again. A claim whose lease ran out (its process died) may be taken over.
 *
 * A store in the event store's database (`recordsWithEvents`) also takes the command's outcome in the
 * append's transaction (the key is then `committed`): a retry after a crash gets that outcome back
 * instead of running the command again. Any other store learns of the command only once it answered.
 */
export interface IdempotencyStore {
  /** Whether the event store commits a claim's outcome with the command's events (see IdempotencyRecord). */
  readonly recordsWithEvents: boolean;
  /** A running request's holder renews its claim well within this many milliseconds. */
  readonly leaseMs: number;
  /** Claims the key for a request whose body hashes to `bodyHash`, or says why not (a new key counts against the user's limit). */
  claim(ref: IdempotencyKeyRef, bodyHash: string): Promise<ClaimResult>;
  /** Extends the lease of a request that is still running; false if the claim was lost. */
  renew(claim: IdempotencyClaim): Promise<boolean>;
  /** Records the response to replay (in flight or committed); a no-op if the claim was lost to a takeover. */
  complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void>;
  /**
   * Forgets the key (the request failed in a way a retry may fix); a committed key is kept with its
   * outcome instead, and a retry may take it over at once.
   */
  release(claim: IdempotencyClaim): Promise<void>;
  /** Deletes up to `limit` expired keys; returns how many it deleted. */
  purgeExpired(limit: number): Promise<number>;
  close(): Promise<void>;
}
