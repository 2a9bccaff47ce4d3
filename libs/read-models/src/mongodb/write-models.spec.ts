import { advanceCheckpoint, guardedReplace, insertHistoryIfAbsent } from './write-models';
import type { HistoryRecord } from './records';

describe('MongoDB write models', () => {
  it('replaces a document only over a stored one of lower position, inserting when there is none', () => {
    const record = { _id: 'LAPTOP:SN-1', serialNumber: 'SN-1', position: 12n };

    expect(guardedReplace(record)).toEqual({
      updateOne: {
        filter: { _id: 'LAPTOP:SN-1' },
        update: [
          {
            $replaceWith: {
              $cond: {
                if: { $lt: [{ $ifNull: ['$position', -1] }, 12n] },
                then: { $literal: record },
                else: '$$ROOT',
              },
            },
          },
        ],
        upsert: true,
      },
    });
  });

  it('never filters on the position, so a newer stored document cannot turn the upsert into a duplicate key', () => {
    const { updateOne } = guardedReplace({ _id: 'k', position: 1n }) as { updateOne: { filter: object } };
    expect(Object.keys(updateOne.filter)).toEqual(['_id']);
  });

  it('passes values that look like field paths or operators through as literals', () => {
    const record = { _id: '$x', serialNumber: '$position', note: { $gt: '' }, position: 3n };
    expect(guardedReplace(record)).toMatchObject({
      updateOne: { update: [{ $replaceWith: { $cond: { then: { $literal: record } } } }] },
    });
  });

  it('inserts a history entry unless its (streamId, revision) is there, and then changes nothing', () => {
    const record = {
      streamId: 'serial-LAPTOP:SN-1',
      revision: 2,
      productId: 'LAPTOP',
      serialNumber: 'SN-1',
      position: 9n,
      type: 'SerialDelivered',
    } as HistoryRecord;

    expect(insertHistoryIfAbsent(record)).toEqual({
      updateOne: {
        filter: { streamId: 'serial-LAPTOP:SN-1', revision: 2 },
        update: {
          $setOnInsert: { productId: 'LAPTOP', serialNumber: 'SN-1', position: 9n, type: 'SerialDelivered' },
        },
        upsert: true,
      },
    });
  });

  it('moves a checkpoint forward only', () => {
    expect(advanceCheckpoint('serials', 40n)).toEqual({
      updateOne: { filter: { _id: 'serials' }, update: { $max: { position: 40n } }, upsert: true },
    });
  });
});
