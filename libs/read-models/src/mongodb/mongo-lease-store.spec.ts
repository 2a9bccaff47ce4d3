import type { Collection } from 'mongodb';
import { claimUpdate, MongoLeaseStore, PROJECTOR_LEASE_ID, type LeaseDocument } from './mongo-lease-store';

const now = new Date('2026-03-01T08:00:00.000Z');
const until = new Date('2026-03-01T08:00:15.000Z');

describe('MongoLeaseStore documents', () => {
  it('claims with one pipeline: taken when missing, already ours or lapsed, else left as it is', () => {
    expect(claimUpdate('host:1', now, until)).toEqual([
      {
        $replaceWith: {
          $cond: {
            if: {
              $or: [
                { $eq: [{ $type: '$owner' }, 'missing'] },
                { $eq: ['$owner', { $literal: 'host:1' }] },
                { $lte: ['$expiresAt', now] },
              ],
            },
            then: { $literal: { _id: PROJECTOR_LEASE_ID, owner: 'host:1', expiresAt: until } },
            else: '$$ROOT',
          },
        },
      },
    ]);
  });

  it('keeps an owner that looks like a field path a plain value', () => {
    const [stage] = claimUpdate('$expiresAt', now, until);
    expect(JSON.stringify(stage)).not.toContain('"$expiresAt"]');
    expect(stage.$replaceWith.$cond.if.$or[1]).toEqual({ $eq: ['$owner', { $literal: '$expiresAt' }] });
  });

  it('upserts the lease document and reads back who holds it; releases only its own', async () => {
    const calls: unknown[][] = [];
    const leases = {
      findOneAndUpdate: async (...args: unknown[]) => {
        calls.push(args);
        return { _id: PROJECTOR_LEASE_ID, owner: 'other', expiresAt: until };
      },
      updateOne: async (...args: unknown[]) => void calls.push(args),
    } as unknown as Collection<LeaseDocument>;
    const store = new MongoLeaseStore(leases);

    expect(await store.claim('host:1', now, until)).toEqual({ owner: 'other', expiresAt: until });
    await store.release('host:1', now);

    expect(calls[0][0]).toEqual({ _id: PROJECTOR_LEASE_ID });
    expect(calls[0][2]).toEqual({ upsert: true, returnDocument: 'after' });
    expect(calls[1]).toEqual([{ _id: PROJECTOR_LEASE_ID, owner: 'host:1' }, { $set: { expiresAt: now } }]);
  });
});
