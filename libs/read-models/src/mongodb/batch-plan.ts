import type { RecordedEvent } from '@serial/event-store';
import { PROJECTION_NAMES, ProjectionFailedError, type ProjectionName } from '../projection-store.port';
import { COMPONENT_EVENT_TYPES } from '../projections/component-links';
import { toHistoryEntry } from '../projections/serial-history';
import { pathsOfRoots, type LocationPathOf } from '../projections/serial-view';
import {
  COLLECTION_PROJECTIONS,
  HISTORY_EVENT_TYPES,
  type CollectionProjection,
} from './collection-projections';
import { toHistoryRecord } from './records';
import { advanceCheckpoint, guardedReplace, insertHistoryIfAbsent, type WriteModel } from './write-models';

const HISTORY = { name: 'serial_history', eventTypes: HISTORY_EVENT_TYPES } as const;
const COMPONENTS = { name: 'components', eventTypes: new Set<string>(COMPONENT_EVENT_TYPES) } as const;

/**
 * The pure half of `applyBatch`: which events each projection still has to apply (those past its own
 * checkpoint), which documents they touch, and, given those documents, every write of the batch. All
 * of it is computed before the first write, so an event a projection cannot apply fails the batch
 * with nothing written, with or without a transaction.
 */
export function pendingEvents(
  events: readonly RecordedEvent[],
  checkpoints: ReadonlyMap<ProjectionName, bigint>,
): Map<ProjectionName, RecordedEvent[]> {
  const pending = new Map<ProjectionName, RecordedEvent[]>();
  for (const { name, eventTypes } of [...COLLECTION_PROJECTIONS, HISTORY, COMPONENTS]) {
    const after = checkpoints.get(name) ?? 0n;
    const own = events.filter((event) => event.position > after && eventTypes.has(event.type));
    if (own.length > 0) pending.set(name, own);
  }
  // The ledger takes every event, whatever its type.
  const ledger = events.filter((event) => event.position > (checkpoints.get('ledger') ?? 0n));
  if (ledger.length > 0) pending.set('ledger', ledger);
  return pending;
}

/** The `_id`s to load with one `$in` query, each once. */
export function keysToLoad(projection: CollectionProjection, events: readonly RecordedEvent[]): string[] {
  return [...new Set(events.map((event) => projection.keyOfEvent(event)))];
}

/**
 * Folds the events into the loaded documents and returns one guarded replace per changed document,
 * however many of the batch's events it took, with the documents as the batch leaves them.
 */
export function documentWrites(
  projection: CollectionProjection,
  events: readonly RecordedEvent[],
  loaded: ReadonlyMap<string, { position: string }>,
  pathOf: LocationPathOf = pathsOfRoots,
): { writes: WriteModel[]; documents: Map<string, { position: string }> } {
  const documents = new Map(loaded);
  const changed = new Set<string>();
  for (const event of events) {
    const key = projection.keyOfEvent(event);
    const before = documents.get(key) ?? null;
    const after = failingAt(projection.name, event.position, () => projection.evolve(before, event, pathOf));
    if (after !== null && after !== before) {
      documents.set(key, after);
      changed.add(key);
    }
  }
  const writes = [...changed].map((key) => {
    const document = documents.get(key) as { position: string };
    return guardedReplace(
      failingAt(projection.name, BigInt(document.position), () => projection.toRecord(document)),
    );
  });
  return { writes, documents };
}

/** The locations serial events of the batch land on, whose paths the serials' documents copy. */
export function destinationsOf(events: readonly RecordedEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.data.toLocationId === 'string') ids.add(event.data.toLocationId);
  }
  return [...ids];
}

export function historyWrites(events: readonly RecordedEvent[]): WriteModel[] {
  return events.map((event) =>
    failingAt('serial_history', event.position, () =>
      insertHistoryIfAbsent(toHistoryRecord(toHistoryEntry(event), event)),
    ),
  );
}

/** Every checkpoint behind `last` moves to it, whether or not the batch held events of its types. */
export function checkpointWrites(
  checkpoints: ReadonlyMap<ProjectionName, bigint>,
  last: bigint,
): WriteModel[] {
  return PROJECTION_NAMES.filter((name) => last > (checkpoints.get(name) ?? 0n)).map((name) =>
    advanceCheckpoint(name, last),
  );
}

export function assertAscending(events: readonly RecordedEvent[]): void {
  for (let index = 1; index < events.length; index += 1) {
    if (events[index].position <= events[index - 1].position) {
      throw new RangeError('A batch must hold events in strictly ascending position order');
    }
  }
}

/** Names the event that broke a projection, so the projector can report where it is stuck. */
function failingAt<T>(projection: ProjectionName, position: bigint, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new ProjectionFailedError(projection, position, error);
  }
}
