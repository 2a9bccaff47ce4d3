import { hash } from 'node:crypto';
import { ARRAY_INDEX_KEY, canonicalJson } from './canonical-json';
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
  return hashText(previousHash + canonicalJson({ type: event.type, data: event.data, metadata }));
}

/**
 * Links consecutive events of one stream, starting after `previousHash` (GENESIS_HASH for a new stream).
 *
 * The hashed text is exactly `hashEvent`'s, built faster: the events of one command share their metadata,
 * so its canonical form (which only `previousHash` changes) is built once per metadata object and the
 * canonical text of each event is assembled around it. A property test checks it against `hashEvent`.
 */
export function chainEvents(previousHash: string, events: readonly EventToAppend[]): EventToAppend[] {
  let previous = previousHash;
  return events.map((event) => {
    const { stripped, template } = preparedMetadata(event.metadata);
    // A spread, not Object.assign: a key named "__proto__" stays a key.
    const metadata: Record<string, string> = { ...stripped };
    metadata.previousHash = previous;
    const hash =
      template === null
        ? hashEvent(previous, { type: event.type, data: event.data, metadata })
        : hashText(
            previous +
              '{"data":' +
              canonicalJson(event.data) +
              ',"metadata":' +
              template.prefix +
              JSON.stringify(previous) +
              template.suffix +
              ',"type":' +
              JSON.stringify(event.type) +
              '}',
          );
    previous = hash;
    metadata.hash = hash;
    return { eventId: event.eventId, type: event.type, data: event.data, metadata };
  });
}

/**
 * The metadata of a command's events, without chain fields, and its canonical template: computed once
 * per metadata object, which a command shares across every stream it appends to (10,000 serials: one).
 */
interface PreparedMetadata {
  readonly stripped: EventMetadata;
  readonly template: MetadataTemplate | null;
}

const prepared = new WeakMap<EventMetadata, PreparedMetadata>();

function preparedMetadata(metadata: EventMetadata): PreparedMetadata {
  let known = prepared.get(metadata);
  if (known === undefined) {
    const stripped = withoutChain(metadata);
    known = { stripped, template: metadataTemplate(stripped) };
    // Only frozen objects are remembered: a metadata object changed after its first use would
    // otherwise be hashed with its old content.
    if (Object.isFrozen(metadata)) prepared.set(metadata, known);
  }
  return known;
}

/** Canonical metadata = prefix + the JSON string of previousHash + suffix. */
interface MetadataTemplate {
  readonly prefix: string;
  readonly suffix: string;
}

/**
 * RFC 8785 writes an object as its members sorted by key (UTF-16 code units, as `<` compares strings),
 * each `"key":value`, joined by commas. Keys that look like array indices are left to the general path
 * (JavaScript reorders them; see canonical-json.ts).
 */
function metadataTemplate(stripped: EventMetadata): MetadataTemplate | null {
  const keys = Object.keys(stripped).sort();
  // Metadata values are strings (EventMetadata); anything else, and keys JavaScript reorders, take the
  // general path.
  if (keys.some((key) => ARRAY_INDEX_KEY.test(key) || typeof stripped[key] !== 'string')) return null;
  const member = (key: string) => `${JSON.stringify(key)}:${canonicalJson(stripped[key])}`;
  const before = keys.filter((key) => key < 'previousHash').map(member);
  const after = keys.filter((key) => key > 'previousHash').map(member);
  return {
    prefix: `{${before.map((text) => `${text},`).join('')}"previousHash":`,
    suffix: `${after.map((text) => `,${text}`).join('')}}`,
  };
}

function hashText(text: string): string {
  return hash('sha256', text, 'hex');
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
