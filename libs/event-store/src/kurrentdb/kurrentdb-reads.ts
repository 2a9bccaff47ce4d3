import { BACKWARDS, END, excludeSystemEvents, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { ReadStreamOptions, RecordedEvent } from '../event-store.port';
import { isStreamNotFound, toPortError } from './kurrentdb-errors';
import { follows, isPastReadLimit, toReadPosition, toRecordedEvent } from './kurrentdb-mapping';

/** A missing stream reads as empty; the as-of limits cut a prefix. */
export async function readStreamEvents(
  client: KurrentDBClient,
  streamId: string,
  options: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(streamId)) {
      if (!resolved.event) continue;
      const event = toRecordedEvent(resolved.event);
      if (isPastReadLimit(event, options)) break;
      events.push(event);
    }
  } catch (error) {
    if (isStreamNotFound(error)) return [];
    throw toPortError(error);
  }
  return events;
}

/** -1 when the stream does not exist, as in the port's conflicts. */
export async function readLastRevision(client: KurrentDBClient, streamId: string): Promise<number> {
  try {
    const last = client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    for await (const resolved of last) {
      if (resolved.event) return Number(resolved.event.revision);
    }
    return -1;
  } catch (error) {
    if (isStreamNotFound(error)) return -1;
    throw toPortError(error);
  }
}

/** `$all` forwards without system events, strictly after `after`. */
export async function readAllEvents(
  client: KurrentDBClient,
  after: bigint,
  limit: number,
): Promise<RecordedEvent[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Limit ${limit} is not a count`);
  const events: RecordedEvent[] = [];
  if (limit === 0) return events;
  let last = after;
  try {
    const read = client.readAll({
      fromPosition: toReadPosition(after),
      // One more than asked: a read from `after` starts with the event at `after`, which is skipped.
      maxCount: limit + 1,
      filter: excludeSystemEvents(),
    });
    for await (const resolved of read) {
      const event = resolved.event && toRecordedEvent(resolved.event);
      if (!event || !follows(event, last)) continue;
      events.push(event);
      last = event.position;
      if (events.length === limit) break;
    }
  } catch (error) {
    throw toPortError(error);
  }
  return events;
}

/** The last non-system event's position, 0n when there is none. */
export async function readHeadPosition(client: KurrentDBClient): Promise<bigint> {
  try {
    const last = client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: excludeSystemEvents(),
    });
    for await (const resolved of last) {
      if (resolved.event) return toRecordedEvent(resolved.event).position;
    }
    return 0n;
  } catch (error) {
    throw toPortError(error);
  }
}
