import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, EventToAppend, RecordedEvent } from '../event-store.port';

export type StoreUnderTest = () => EventStore;

/** Unique per call: a real server keeps the streams of earlier tests and earlier runs. */
export function uniqueStreamId(label: string): string {
  return `contract_${label}-${randomUUID().replaceAll('-', '')}`;
}

export function anEvent(
  data: Record<string, unknown> = { value: randomUUID() },
  metadata: EventMetadata = {},
): EventToAppend {
  return { eventId: randomUUID(), type: 'ContractEventHappened', data, metadata };
}

export function events(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => anEvent({ index }));
}

export function positionsOf(recorded: readonly RecordedEvent[]): bigint[] {
  return recorded.map((event) => event.position);
}

export function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  for (let index = 1; index < positions.length; index += 1) {
    expect(positions[index] > positions[index - 1]).toBe(true);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Promise whose settlement the test controls, to hold a subscriber inside `onEvents`. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}
