import fc from 'fast-check';
import { fixturePath, FIXTURE_LOCATIONS } from '@serial/domain/testing/serial-fixtures';
import { foldSerialStream, isOnHand, lifecycleState, serialStatus, serialStreamId } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import { runSerialCommands, serialCommand } from '../testing/serial-commands';
import { expectFieldRules } from '../testing/serial-field-rules';
import { appendHistoryEntry } from './serial-history';
import { evolveSerialDocument, pathsFrom, type SerialDocument } from './serial-view';

const pathOf = pathsFrom(FIXTURE_LOCATIONS.map(([id]) => ({ id, path: fixturePath(id) })));
const evolve = (document: SerialDocument | null, event: RecordedEvent) =>
  evolveSerialDocument(document, event, pathOf);

/** What the view must say, read off the domain's own fold of the stored stream. */
function expectedDocument(recorded: RecordedEvent[]): SerialDocument {
  const state = foldSerialStream(recorded);
  if (state.status !== 'known') throw new Error('a stream with events is a known serial');
  const last = recorded[recorded.length - 1];
  const lastMoved = recorded.filter((event) => 'toLocationId' in event.data).at(-1);
  const { status: _known, ...fields } = state;
  return {
    ...fields,
    status: serialStatus(state),
    state: lifecycleState(state),
    onHand: isOnHand(state),
    locationPath: state.locationId === null ? null : fixturePath(state.locationId),
    lastMovedAt: lastMoved?.recordedAt.toISOString() ?? null,
    revision: recorded.length - 1,
    position: last.position.toString(),
    updatedAt: last.recordedAt.toISOString(),
  };
}

describe('serial view from random valid command sequences, over flat locations and a tree', () => {
  it('equals the domain’s fold, says what every field means after each event, one history entry per event', () => {
    fc.assert(
      fc.property(
        fc.array(serialCommand, { minLength: 10, maxLength: 60, size: 'medium' }),
        fc.constantFrom(null, 12),
        (commands, warrantyMonths) => {
          const { log, streams } = runSerialCommands(commands, warrantyMonths);
          expectFieldRules(log.events);
          for (const serialNumber of streams.keys()) {
            const recorded = log.stream(serialStreamId('product', 'LAPTOP', serialNumber));
            const document = recorded.reduce<SerialDocument | null>(evolve, null);
            const history = [...recorded, ...recorded].reduce(appendHistoryEntry, []);

            expect(document).toEqual(expectedDocument(recorded));
            expect(recorded.reduce(evolve, document)).toBe(document);
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
