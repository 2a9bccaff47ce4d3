import { serialStreamId } from '@serial/domain';
import { join } from 'node:path';
import fc from 'fast-check';
import { toHistoryEntry } from '../projections/serial-history';
import { evolveSerialDocument, type SerialDocument } from '../projections/serial-view';
import { temporaryDirectory } from '../testing/read-store-files';
import { runSerialCommands, serialCommand } from '../testing/serial-commands';
import { SqliteReadStore } from './sqlite-read-store';

describe('SQLite serial read models from random valid command sequences', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeAll(() => (directory = temporaryDirectory('serial-property')));
  afterAll(() => directory.remove());

  it('hold the folded view, one history entry per event and stock counted from them, however batched', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(serialCommand, { minLength: 10, maxLength: 60, size: 'medium' }),
        fc.constantFrom(null, 12),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        async (commands, warrantyMonths, batchSizes) => {
          const { log, streams } = runSerialCommands(commands, warrantyMonths);
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
                evolveSerialDocument,
                null,
              ) as SerialDocument;
              documents.push(folded);
              expect(await store.getSerial('LAPTOP', serialNumber)).toEqual(folded);
              expect(await store.serialHistory('LAPTOP', serialNumber)).toEqual(recorded.map(toHistoryEntry));
            }
            const inStock = documents.filter((document) => document.locationType === 'internal');
            const onHand = (await store.stock({})).reduce((total, row) => total + row.onHand, 0);
            expect(onHand).toBe(inStock.length);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
