import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { EventMetadata, EventToAppend, RecordedEvent } from './event-store.port';

/** The `previousHash` of a stream's first event (API.md "Audit"). */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashableEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Must hold `previousHash`; a `hash` entry is ignored, so a recorded event can be passed as is. */
  readonly metadata: EventMetadata;
}

export interface StreamVerification {
  readonly valid: boolean;
  readonly events: number;
  readonly firstInvalidRevision: number | null;
}

export function hashEvent(previousHash: string, event: HashableEvent): string {
  const { hash: _hash, ...metadata } = event.metadata;
  // One-shot hash: a Hash object per event costs more than the hashing itself.
  return hash(
    'sha256',
    previousHash + canonicalJson({ type: event.type, data: event.data, metadata }),
    'hex',
  );
}

/** Links consecutive events of one stream, starting after `previousHash` (GENESIS_HASH for a new stream). */
export function chainEvents(previousHash: string, events: readonly EventToAppend[]): EventToAppend[] {
  let previous = previousHash;
  // A command's events usually share one metadata object: strip the chain fields from it once.
  let lastSource: EventMetadata | undefined;
  let lastStripped: EventMetadata = {};
  return events.map((event) => {
    if (event.metadata !== lastSource)
      [lastSource, lastStripped] = [event.metadata, withoutChain(event.metadata)];
    const metadata = { ...lastStripped, previousHash: previous };
    const hash = hashEvent(previous, { type: event.type, data: event.data, metadata });
    previous = hash;
    return { ...event, metadata: { ...metadata, hash } };
  });
}

/** The hash that the next event appended to a stream read in revision order must link to. */
export function lastHash(events: readonly Pick<RecordedEvent, 'metadata'>[]): string {
  if (events.length === 0) return GENESIS_HASH;
  const hash = events[events.length - 1].metadata.hash;
  if (hash === undefined) throw new TypeError('The last event of the stream carries no hash');
  return hash;
}

/**
 * Checks a whole stream read in revision order. A missing, reordered or altered event breaks the chain at
 * its revision; a truncated tail cannot be seen from the events alone.
 */
export function verifyStream(
  events: readonly Pick<RecordedEvent, 'revision' | 'type' | 'data' | 'metadata'>[],
): StreamVerification {
  let previous = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const intact =
      event.revision === index &&
      event.metadata.previousHash === previous &&
      event.metadata.hash === hashEvent(previous, event);
    if (!intact) return { valid: false, events: events.length, firstInvalidRevision: index };
    previous = event.metadata.hash;
  }
  return { valid: true, events: events.length, firstInvalidRevision: null };
}

function withoutChain(metadata: EventMetadata): EventMetadata {
  const { previousHash: _previousHash, hash: _hash, ...rest } = metadata;
  return rest;
}
