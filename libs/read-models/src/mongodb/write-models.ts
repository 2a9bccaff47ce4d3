import type { AnyBulkWriteOperation } from 'mongodb';
import type { ProjectionName } from '../projection-store.port';
import type { CheckpointRecord, HistoryRecord } from './records';

/** A document keyed by a string `_id` of our own (history entries keep the server's ObjectId). */
export interface KeyedDocument {
  _id: string;
  [field: string]: unknown;
}

export type WriteModel = AnyBulkWriteOperation<KeyedDocument>;

/**
 * Replaces the document `_id` names with `record` only if the stored one holds a lower position (or
 * there is none): the store's own guard, so that even a write the in-memory fold did not filter cannot
 * move a document back in time. An update pipeline rather than `{ _id, position: { $lt } }` + upsert:
 * that filter misses an existing newer document and the upsert then fails on the duplicate `_id`
 * (E11000), which inside a transaction aborts the whole batch. Here the newer document is kept as it is
 * (`$$ROOT`) and no error arises. `$literal` keeps values such as a serial number starting with `$`
 * from being read as field paths.
 */
export function guardedReplace<Record extends { _id: string; position: bigint }>(record: Record): WriteModel {
  return {
    updateOne: {
      filter: { _id: record._id },
      update: [
        {
          $replaceWith: {
            $cond: {
              if: { $lt: [{ $ifNull: ['$position', -1] }, record.position] },
              then: { $literal: record },
              else: '$$ROOT',
            },
          },
        },
      ],
      upsert: true,
    },
  };
}

/**
 * Inserts a history entry unless its (streamId, revision) is already there, where nothing changes: a
 * replayed event finds its entry and leaves it. The filter is an equality on the unique index, so two
 * concurrent upserts of one entry cannot both insert (the server retries the loser as an update).
 */
export function insertHistoryIfAbsent(record: HistoryRecord): WriteModel {
  const { streamId, revision, ...rest } = record;
  return {
    updateOne: {
      filter: { streamId, revision },
      update: { $setOnInsert: rest },
      upsert: true,
    },
  };
}

/** Moves a checkpoint forward only; `$max` makes a late or repeated write harmless. */
export function advanceCheckpoint(name: ProjectionName, position: bigint): WriteModel {
  return {
    updateOne: {
      filter: { _id: name },
      update: { $max: { position } satisfies Partial<CheckpointRecord> },
      upsert: true,
    },
  };
}
