import type { LocationEvent } from '@serial/domain';
import { ProjectionFailedError, type ProjectionName } from '../projection-store.port';
import { toHistoryEntry } from '../projections/serial-history';
import { evolveSerialDocumentAtRoots, pathsFrom, type SerialDocument } from '../projections/serial-view';
import type { LocationDocument } from '../read-store.port';
import { EventLog } from '../testing/event-log';
import { serialEvents } from '../testing/serial-events';
import {
  assertAscending,
  checkpointWrites,
  destinationsOf,
  documentWrites,
  historyWrites,
  keysToLoad,
  pendingEvents,
} from './batch-plan';
import { COLLECTION_PROJECTIONS } from './collection-projections';
import { toHistoryRecord, toSerialRecord } from './records';
import { advanceCheckpoint, guardedReplace, insertHistoryIfAbsent } from './write-models';

const { received, reserved, delivered } = serialEvents;
const serials = COLLECTION_PROJECTIONS.find((projection) => projection.name === 'serials');
if (!serials) throw new Error('serials projection');
const stock: LocationEvent = {
  type: 'LocationRegistered',
  data: {
    locationId: 'WH/Stock',
    name: 'Stock',
    locationType: 'internal',
    parentId: null,
    path: ['WH/Stock'],
  },
};

describe('planning a batch for MongoDB', () => {
  let log: EventLog;
  beforeEach(() => (log = new EventLog()));

  it('gives each projection the events of its types past its own checkpoint', () => {
    const events = [log.serial(received('SN-1')), log.location(stock), log.serial(reserved('SN-1', 'SO-1'))];
    const checkpoints = new Map<ProjectionName, bigint>([['serials', 1n]]);

    const pending = pendingEvents(events, checkpoints);

    expect(pending.get('serials')?.map((e) => e.position)).toEqual([3n]);
    expect(pending.get('serial_history')?.map((e) => e.position)).toEqual([1n, 3n]);
    expect(pending.get('locations')?.map((e) => e.position)).toEqual([2n]);
    expect(pending.has('products')).toBe(false);
    expect(pending.get('ledger')?.map((e) => e.position)).toEqual([1n, 2n, 3n]);
  });

  it('loads each touched document once', () => {
    const events = [received('SN-1'), reserved('SN-1', 'SO-1'), received('SN-2')].map((e) => log.serial(e));
    expect(keysToLoad(serials, events)).toEqual(['LAPTOP:SN-1', 'LAPTOP:SN-2']);
  });

  it('folds with the same pure projection as SQLite, writing each changed document once', () => {
    const events = [received('SN-1'), reserved('SN-1', 'SO-1'), delivered('SN-1')].map((e) => log.serial(e));
    const expected = events.reduce<SerialDocument | null>(
      evolveSerialDocumentAtRoots,
      null,
    ) as SerialDocument;

    expect(documentWrites(serials, events, new Map()).writes).toEqual([
      guardedReplace(toSerialRecord(expected)),
    ]);
  });

  it('starts from the loaded document and writes nothing for events it already holds', () => {
    const events = [received('SN-1'), reserved('SN-1', 'SO-1')].map((e) => log.serial(e));
    const stored = events.reduce<SerialDocument | null>(evolveSerialDocumentAtRoots, null) as SerialDocument;
    const later = log.serial(delivered('SN-1'));

    expect(documentWrites(serials, events, new Map([['LAPTOP:SN-1', stored]])).writes).toEqual([]);
    expect(documentWrites(serials, [later], new Map([['LAPTOP:SN-1', stored]])).writes).toEqual([
      guardedReplace(toSerialRecord(evolveSerialDocumentAtRoots(stored, later))),
    ]);
  });

  it('copies the path of the location a serial lands on, a bin created in the same batch included', () => {
    const bin: LocationEvent = {
      type: 'LocationRegistered',
      data: {
        locationId: 'WH/Stock/A',
        name: 'A',
        locationType: 'internal',
        parentId: 'WH/Stock',
        path: ['WH/Stock', 'WH/Stock/A'],
      },
    };
    const events = [
      log.location(stock),
      log.location(bin),
      log.serial(received('SN-1', { to: 'WH/Stock/A' })),
    ];
    const locations = COLLECTION_PROJECTIONS.find((projection) => projection.name === 'locations');
    const inBatch = documentWrites(locations!, events.slice(0, 2), new Map()).documents;

    expect(destinationsOf(events)).toEqual(['WH/Stock/A']);
    const { documents } = documentWrites(
      serials,
      events.slice(2),
      new Map(),
      pathsFrom([...inBatch.values()] as LocationDocument[]),
    );
    expect(documents.get('LAPTOP:SN-1')).toMatchObject({ locationPath: ['WH/Stock', 'WH/Stock/A'] });
  });

  it('names the projection and the event that it could not apply', () => {
    const broken = { ...log.serial(received('SN-1')), recordedAt: new Date(NaN) };

    expect(() => documentWrites(serials, [broken], new Map())).toThrow(ProjectionFailedError);
    expect(() => documentWrites(serials, [broken], new Map())).toThrow(
      expect.objectContaining({ projection: 'serials', position: 1n }),
    );
  });

  it('writes one insert-if-absent per history event', () => {
    const events = [received('SN-1'), reserved('SN-1', 'SO-1')].map((e) => log.serial(e));

    expect(historyWrites(events)).toEqual(
      events.map((event) => insertHistoryIfAbsent(toHistoryRecord(toHistoryEntry(event), event))),
    );
  });

  it('advances only the checkpoints behind the batch, to its last position', () => {
    const checkpoints = new Map<ProjectionName, bigint>([
      ['serials', 10n],
      ['movements', 4n],
    ]);

    expect(checkpointWrites(checkpoints, 10n)).toEqual(
      ['serial_history', 'products', 'locations', 'movements', 'ledger', 'components'].map((name) =>
        advanceCheckpoint(name as ProjectionName, 10n),
      ),
    );
  });

  it('refuses a batch out of position order', () => {
    const [first, second] = [received('SN-1'), received('SN-2')].map((e) => log.serial(e));
    expect(() => assertAscending([second, first])).toThrow(RangeError);
    expect(() => assertAscending([first, first])).toThrow(RangeError);
  });
});
