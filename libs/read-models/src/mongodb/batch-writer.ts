import type { ClientSession } from 'mongodb';
import type { RecordedEvent } from '@serial/event-store';
import { PROJECTION_NAMES, type ProjectionCheckpoint, type ProjectionName } from '../projection-store.port';
import {
  assertAscending,
  checkpointWrites,
  documentWrites,
  historyWrites,
  keysToLoad,
  pendingEvents,
} from './batch-plan';
import { COLLECTION_PROJECTIONS } from './collection-projections';
import type { MongoGeneration, ReadModelCollection } from './generations';
import { MongoLedgerQueries, planLedgerBatch, writeLedgerBatch } from './mongo-ledger';
import { positionText, type CheckpointRecord } from './records';
import type { KeyedDocument, WriteModel } from './write-models';

/**
 * Applies a batch to one generation: reads the checkpoints, loads every document the batch touches
 * (one `$in` query per collection), folds in memory, then writes each collection with one unordered
 * `bulkWrite` and the checkpoints last. Within `session`'s transaction when there is one; without,
 * a crash between the writes and the checkpoints replays the batch, which changes nothing.
 */
export async function applyBatchTo(
  generation: MongoGeneration,
  events: readonly RecordedEvent[],
  session?: ClientSession,
): Promise<void> {
  if (events.length === 0) return;
  assertAscending(events);
  const checkpoints = await checkpointsByName(generation, session);
  const pending = pendingEvents(events, checkpoints);
  const writes: [ReadModelCollection, WriteModel[]][] = [];
  for (const projection of COLLECTION_PROJECTIONS) {
    const own = pending.get(projection.name);
    if (!own) continue;
    const records = await generation
      .collection<{ _id: string }>(projection.name)
      .find({ _id: { $in: keysToLoad(projection, own) } }, { session })
      .toArray();
    const loaded = new Map(records.map((record) => [record._id, projection.fromRecord(record as never)]));
    writes.push([projection.name, documentWrites(projection, own, loaded)]);
  }
  const history = pending.get('serial_history');
  if (history) writes.push(['serial_history', historyWrites(history)]);
  const ledgerEvents = pending.get('ledger');
  const ledgerQueries = new MongoLedgerQueries(generation, session);
  const ledger = ledgerEvents ? await planLedgerBatch(ledgerQueries, ledgerEvents) : null;
  for (const [name, operations] of writes) {
    if (operations.length > 0) {
      await generation.collection<KeyedDocument>(name).bulkWrite(operations, { ordered: false, session });
    }
  }
  if (ledger) await writeLedgerBatch(ledgerQueries, ledger, session);
  const advance = checkpointWrites(checkpoints, events[events.length - 1].position);
  if (advance.length > 0)
    await generation.collection<KeyedDocument>('checkpoints').bulkWrite(advance, { session });
}

export async function checkpointsByName(
  generation: MongoGeneration,
  session?: ClientSession,
): Promise<Map<ProjectionName, bigint>> {
  const records = await generation
    .collection<CheckpointRecord>('checkpoints')
    .find({}, { session })
    .toArray();
  return new Map(
    records.map((record) => [record._id as ProjectionName, BigInt(positionText(record.position))]),
  );
}

export async function readCheckpoints(generation: MongoGeneration): Promise<ProjectionCheckpoint[]> {
  const applied = await checkpointsByName(generation);
  return PROJECTION_NAMES.map((name) => ({ name, position: applied.get(name) ?? 0n }));
}

/** The lowest checkpoint, where a subscription resumes without any projection missing an event. */
export function lowestCheckpoint(checkpoints: readonly ProjectionCheckpoint[]): bigint {
  return checkpoints
    .map(({ position }) => position)
    .reduce((low, position) => (position < low ? position : low));
}
