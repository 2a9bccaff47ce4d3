import type { Collection, Document } from 'mongodb';
import type { LeaseRecord, LeaseStore } from '../projector/projector-lease';

export const LEASE_COLLECTION = 'leases';
export const PROJECTOR_LEASE_ID = 'projector';

export interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/**
 * `mayClaim` as one atomic update: the document becomes the claimant's when it is missing (the upsert
 * starts from `{ _id }` alone), already the claimant's, or lapsed; otherwise it stays as it is. A
 * pipeline with `$cond` rather than a filter on (owner, expiresAt) with upsert: that filter misses a
 * lease held by another and the upsert then fails on the duplicate `_id`.
 */
export function claimUpdate(owner: string, now: Date, until: Date): Document[] {
  return [
    {
      $replaceWith: {
        $cond: {
          if: {
            $or: [
              { $eq: [{ $type: '$owner' }, 'missing'] },
              { $eq: ['$owner', { $literal: owner }] },
              { $lte: ['$expiresAt', now] },
            ],
          },
          then: { $literal: { _id: PROJECTOR_LEASE_ID, owner, expiresAt: until } },
          else: '$$ROOT',
        },
      },
    },
  ];
}

export class MongoLeaseStore implements LeaseStore {
  constructor(private readonly leases: Collection<LeaseDocument>) {}

  async claim(owner: string, now: Date, until: Date): Promise<LeaseRecord> {
    const lease = await this.leases.findOneAndUpdate(
      { _id: PROJECTOR_LEASE_ID },
      claimUpdate(owner, now, until),
      { upsert: true, returnDocument: 'after' },
    );
    if (!lease) throw new Error('The lease upsert returned no document');
    return { owner: lease.owner, expiresAt: lease.expiresAt };
  }

  async release(owner: string, now: Date): Promise<void> {
    await this.leases.updateOne({ _id: PROJECTOR_LEASE_ID, owner }, { $set: { expiresAt: now } });
  }
}
