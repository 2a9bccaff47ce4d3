import type { ExpectedRevision, StreamAppend } from './event-store.port';

/** Whether a stream whose last revision is `actual` (-1: no stream) satisfies `expected`. */
export function holds(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  return expected === actual;
}

/** Rejects, before anything is read or written, a stream named twice or a revision that cannot exist. */
export function assertValidAppends(appends: readonly StreamAppend[]): void {
  const streamIds = new Set<string>();
  for (const { streamId, expectedRevision } of appends) {
    if (streamIds.has(streamId)) throw new RangeError(`Stream ${streamId} is named twice in one append`);
    if (
      typeof expectedRevision === 'number' &&
      !(Number.isInteger(expectedRevision) && expectedRevision >= 0)
    ) {
      throw new RangeError(`Expected revision ${expectedRevision} of ${streamId} is not a revision`);
    }
    streamIds.add(streamId);
  }
}
