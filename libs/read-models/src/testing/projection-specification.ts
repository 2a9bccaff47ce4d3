import type { RecordedEvent } from '@serial/event-store';
import { EventLog, T0 } from './event-log';

/** When the EventLog records the event at `position`. */
export const recordedAtPosition = (position: number): string =>
  new Date(T0 + (position - 1) * 1000).toISOString();

/**
 * Given/when/then over a pure projection: given past events (recorded at positions 1..n), when one
 * more, then the document. `thenUnchanged` pins idempotency: the very same document comes back.
 */
export function projectionSpecification<Event, Document>(
  record: (log: EventLog, event: Event) => RecordedEvent,
  evolve: (document: Document | null, event: RecordedEvent) => Document | null,
) {
  return (...given: Event[]) => {
    const log = new EventLog();
    const past = given.map((event) => record(log, event));
    const before = past.reduce<Document | null>(evolve, null);
    const outcome = (after: Document | null) => ({
      then: (expected: Partial<Document>) => expect(after).toMatchObject(expected),
      thenNull: () => expect(after).toBeNull(),
      thenUnchanged: () => expect(after).toBe(before),
    });
    return {
      when: (event: Event) => outcome(evolve(before, record(log, event))),
      /** One of the given events again, as a replay after a crash would deliver it. */
      whenReplayed: (index: number) => outcome(evolve(before, past[index])),
    };
  };
}
