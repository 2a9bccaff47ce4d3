/** Who holds the projector lease, and until when (by the holder's clock when it claimed). */
export interface LeaseRecord {
  readonly owner: string;
  readonly expiresAt: Date;
}

/** Where the lease document lives; the MongoDB one is `MongoLeaseStore`. */
export interface LeaseStore {
  /**
   * Atomically: when `mayClaim(current, owner, now)`, the lease becomes `owner`'s until `until`.
   * Returns the lease as it is afterwards, whoever holds it.
   */
  claim(owner: string, now: Date, until: Date): Promise<LeaseRecord>;
  /** Lets the lease lapse at once if `owner` holds it, so a standby need not wait out the term. */
  release(owner: string, now: Date): Promise<void>;
}

/** Free, already `owner`'s (a renewal), or lapsed: the one rule every LeaseStore applies atomically. */
export function mayClaim(current: LeaseRecord | null, owner: string, now: Date): boolean {
  return current === null || current.owner === owner || current.expiresAt.getTime() <= now.getTime();
}

export interface LeaseOptions {
  /** How long a claim holds without renewal. */
  readonly termMs: number;
  readonly clock: () => Date;
}

/**
 * One instance's view of the projector lease. It counts its term from the moment it asked, before the
 * store answered, so it always believes the lease ends no later than the store does: with clocks in
 * step (NTP), it stops projecting before another instance can take over. Correctness does not rest on
 * that: every read-model write is guarded by position, so two projectors for a moment only repeat work.
 */
export class ProjectorLease {
  private heldUntil: number | null = null;

  constructor(
    private readonly store: LeaseStore,
    readonly owner: string,
    private readonly options: LeaseOptions,
  ) {}

  /** Claims or renews; true when this instance holds the lease afterwards. */
  async claim(): Promise<boolean> {
    const now = this.options.clock();
    const until = new Date(now.getTime() + this.options.termMs);
    const lease = await this.store.claim(this.owner, now, until);
    const held = lease.owner === this.owner && lease.expiresAt.getTime() === until.getTime();
    this.heldUntil = held ? until.getTime() : null;
    return held;
  }

  /** Held and not yet lapsed by this instance's own count, renewed or not. */
  get isHeld(): boolean {
    return this.heldUntil !== null && this.options.clock().getTime() < this.heldUntil;
  }

  async release(): Promise<void> {
    if (this.heldUntil === null) return;
    this.heldUntil = null;
    await this.store.release(this.owner, this.options.clock());
  }
}
