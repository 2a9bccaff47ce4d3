import { mayClaim, type LeaseRecord, type LeaseStore } from '../projector/projector-lease';

/**
 * The lease document kept in memory, applying the same `mayClaim` rule that MongoLeaseStore's update
 * pipeline encodes (its shape is pinned in mongo-lease-store.spec.ts). Only for the lease's own logic.
 */
export class MemoryLeaseStore implements LeaseStore {
  current: LeaseRecord | null = null;
  failing: Error | null = null;

  async claim(owner: string, now: Date, until: Date): Promise<LeaseRecord> {
    if (this.failing) throw this.failing;
    if (mayClaim(this.current, owner, now)) this.current = { owner, expiresAt: until };
    return this.current as LeaseRecord;
  }

  async release(owner: string, now: Date): Promise<void> {
    if (this.current?.owner === owner) this.current = { owner, expiresAt: now };
  }
}
