import type { ClientSession } from 'mongodb';
import type { RecordedEvent } from '@serial/event-store';
import type { SerialRef } from '@serial/domain';
import {
  foldComponentLinks,
  linkKey,
  serialsOfLinkEvents,
  type ComponentLink,
} from '../projections/component-links';
import type { MongoGeneration } from './generations';
import { positionText, serialKey, storedPosition } from './records';
import { guardedReplace, type WriteModel } from './write-models';

/** A component link as stored: keyed like its serial, the parent and top as embedded references. */
export type ComponentRecord = Omit<ComponentLink, 'position'> & { _id: string; position: bigint };

export const componentId = (ref: SerialRef): string => serialKey(ref.productId, ref.serialNumber);

export function toComponentRecord(link: ComponentLink): ComponentRecord {
  return { _id: componentId(link), ...link, position: storedPosition(link.position) };
}

export function fromComponentRecord(record: ComponentRecord): ComponentLink {
  return {
    productId: record.productId,
    serialNumber: record.serialNumber,
    parent: { productId: record.parent.productId, serialNumber: record.parent.serialNumber },
    top: { productId: record.top.productId, serialNumber: record.top.serialNumber },
    installedAt: record.installedAt,
    position: positionText(record.position),
  };
}

const byKeys = (refs: readonly SerialRef[]) => ({ _id: { $in: refs.map(componentId) } });

const byParents = (refs: readonly SerialRef[]) => ({
  $or: refs.map((ref) => ({ 'parent.productId': ref.productId, 'parent.serialNumber': ref.serialNumber })),
});

/**
 * The writes of a batch's installs and uninstalls (projections/component-links.ts): the links of the
 * serials the events name and of everything installed in them, loaded a level at a time on the
 * parent index (`by_parent`), folded, then one guarded replace per changed link and a delete guarded
 * by position for each serial no longer installed.
 */
export async function componentWrites(
  generation: MongoGeneration,
  events: readonly RecordedEvent[],
  session?: ClientSession,
): Promise<WriteModel[]> {
  const collection = generation.collection<ComponentRecord>('components');
  const loaded = new Map<string, ComponentLink>();
  const keep = (records: ComponentRecord[]) =>
    records.map(fromComponentRecord).filter((link) => {
      const fresh = !loaded.has(linkKey(link));
      loaded.set(linkKey(link), link);
      return fresh;
    });
  const named = serialsOfLinkEvents(events);
  keep(await collection.find(byKeys(named), { session }).toArray());
  for (let level: SerialRef[] = named; level.length > 0;) {
    level = keep(await collection.find(byParents(level), { session }).toArray());
  }
  const { upserts, deletes } = foldComponentLinks(loaded.values(), events);
  return [
    ...upserts.map((link) => guardedReplace(toComponentRecord(link))),
    ...deletes.map(({ ref, position }) => ({
      deleteOne: { filter: { _id: componentId(ref), position: { $lt: storedPosition(position) } } },
    })),
  ];
}
