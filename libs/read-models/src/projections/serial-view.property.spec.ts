import fc from 'fast-check';
import { foldSerial, isOnHand, serialStatus, serialStreamId, type SerialEvent } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import { runSerialCommands, serialCommand } from '../testing/serial-commands';
import { appendHistoryEntry } from './serial-history';
import { evolveSerialDocument, type SerialDocument } from './serial-view';

/** What the view must say, read off the domain's own fold of the stream and the recorded events. */
function expectedDocument(events: SerialEvent[], recorded: RecordedEvent[]): SerialDocument {
  const state = foldSerial(events);
  if (state.status !== 'known') throw new Error('a stream with events is a known serial');
  const last = recorded[recorded.length - 1];
  const lastAt = (match: (event: RecordedEvent) => boolean) =>
    recorded.filter(match).at(-1)?.recordedAt.toISOString() ?? null;
  const references = recorded.map((event) => event.data.reference).filter((r) => typeof r === 'string');
  const { status: _known, ...fields } = state;
  return {
    ...fields,
    status: serialStatus(state),
    onHand: isOnHand(state),
    reference: (references.at(-1) as string | undefined) ?? null,
    receivedAt: lastAt((event) => event.type === 'SerialReceived'),
    deliveredAt: lastAt((event) => event.type === 'SerialDelivered'),
    lastMovedAt: lastAt((event) => 'toLocationId' in event.data),
    revision: recorded.length - 1,
    position: last.position.toString(),
    updatedAt: last.recordedAt.toISOString(),
  };
}

describe('serial view from random valid command sequences', () => {
  it('equals the state the domain folds from the events, with one history entry per event', () => {
    fc.assert(
      fc.property(
        fc.array(serialCommand, { minLength: 10, maxLength: 60, size: 'medium' }),
        fc.constantFrom(null, 12),
        (commands, warrantyMonths) => {
          const { log, streams } = runSerialCommands(commands, warrantyMonths);
          for (const [serialNumber, events] of streams) {
            const recorded = log.stream(serialStreamId('product', 'LAPTOP', serialNumber));
            const document = recorded.reduce<SerialDocument | null>(evolveSerialDocument, null);
            const history = [...recorded, ...recorded].reduce(appendHistoryEntry, []);

            expect(document).toEqual(expectedDocument(events, recorded));
            expect(recorded.reduce(evolveSerialDocument, document)).toBe(document);
            expect(history.map((entry) => entry.position)).toEqual(
              recorded.map((e) => e.position.toString()),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
