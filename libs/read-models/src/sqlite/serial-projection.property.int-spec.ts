import { isWarrantyActive, SERIAL_LIFECYCLE_STATES, serialStreamId } from '@serial/domain';
import { join } from 'node:path';
import fc from 'fast-check';
import { toHistoryEntry } from '../projections/serial-history';
import { fixturePath, FIXTURE_LOCATIONS } from '@serial/domain/testing/serial-fixtures';
import { evolveSerialDocument, pathsFrom, type SerialDocument } from '../projections/serial-view';
import { temporaryDirectory } from '../testing/read-store-files';
import { runSerialCommands, serialCommand } from '../testing/serial-commands';
import { expectFieldRules } from '../testing/serial-field-rules';
import { walk } from '../testing/read-store-contract-fixtures';
import { SqliteReadStore } from './sqlite-read-store';

const pathOf = pathsFrom(FIXTURE_LOCATIONS.map(([id]) => ({ id, path: fixturePath(id) })));

describe('SQLite serial read models from random valid command sequences, over location trees', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeAll(() => (directory = temporaryDirectory('serial-property')));
  afterAll(() => directory.remove());

  it('hold the folded view, its field rules, state and warranty queries, history and stock, however batched', async () => {
    let run = 0;
    let reported = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(serialCommand, { minLength: 10, maxLength: 60, size: 'medium' }),
        fc.constantFrom(null, 12),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        async (commands, warrantyMonths, batchSizes) => {
          const { log, streams } = runSerialCommands(commands, warrantyMonths, { withLocations: true });
          const store = SqliteReadStore.open(join(directory.path, `run-${(run += 1)}`));
          try {
            for (let start = 0, i = 0; start < log.events.length; i += 1) {
              const size = batchSizes[i % batchSizes.length];
              // Every other batch starts a little early: a redelivered overlap must change nothing.
              await store.applyBatch(log.events.slice(i % 2 ? Math.max(0, start - 2) : start, start + size));
              start += size;
            }
            const documents: SerialDocument[] = [];
            for (const serialNumber of streams.keys()) {
              const recorded = log.stream(serialStreamId('product', 'LAPTOP', serialNumber));
              const folded = recorded.reduce<SerialDocument | null>(
                (document, event) => evolveSerialDocument(document, event, pathOf),
                null,
              ) as SerialDocument;
              documents.push(folded);
              expect(await store.getSerial('LAPTOP', serialNumber)).toEqual(folded);
              expect(await store.serialHistory('LAPTOP', serialNumber)).toEqual(recorded.map(toHistoryEntry));
            }
            const sorted = (list: SerialDocument[]) => list.map((d) => d.serialNumber).sort();
            const inStock = documents.filter((document) => document.locationType === 'internal');
            const onHand = (await store.stock({})).reduce((total, row) => total + row.onHand, 0);
            expect(onHand).toBe(inStock.length);
            for (const zone of ['WH/Stock', 'WH/Stock/A']) {
              const within = documents.filter((d) => d.locationPath?.includes(zone));
              const listed = await walk((cursor) =>
                store.listSerials({ locationId: zone, includeChildren: true }, { limit: 2, cursor }),
              );
              expect(listed.items.map((d) => d.serialNumber)).toEqual(sorted(within));
              const [row] = await store.stock({
                locationId: zone,
                includeChildren: true,
                groupBy: 'product',
              });
              expect(row?.onHand ?? 0).toBe(within.filter((d) => d.locationType === 'internal').length);
            }
            expectFieldRules(log.events);
            for (const state of SERIAL_LIFECYCLE_STATES) {
              const listed = (await store.listSerials({ state }, { limit: 100 })).items;
              expect(sorted(listed)).toEqual(sorted(documents.filter((d) => d.state === state)));
            }
            const now = new Date('2026-05-01T00:00:00Z');
            const expiringBefore = new Date('2027-04-01T00:00:00Z');
            const report = await walk((cursor) =>
              store.warranties({ expiringBefore, now }, { limit: 2, cursor }),
            );
            const active = documents.filter(
              (d) =>
                isWarrantyActive(d, now) && Date.parse(d.warranty?.endsAt ?? '') < expiringBefore.getTime(),
            );
            expect(sorted(report.items)).toEqual(sorted(active));
            reported += report.items.length;
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
    // The window is chosen so that the report is seldom empty: the property says something. Over 40
    // unseeded runs the total measured 19-34 (a bound of 20 failed about one run in six); 5 is far below
    // what random workloads give, and still fails a report that is never filled.
    expect(reported).toBeGreaterThan(5);
  });
});
