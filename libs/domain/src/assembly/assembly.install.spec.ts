import { assemblySpec, FixtureStreams, install, ref } from '../testing/assembly-fixtures';
import { NOW } from '../testing/serial-fixtures';
import type { SerialCommand } from '../serial/serial.commands';
import { lifecycleState } from '../serial/serial.lifecycle';
import { foldSerialStream, serialStatus } from '../serial/serial.state';
import { assemblyCommandStreams } from './assembly.streams';

const laptop = ref('LAPTOP', 'L-1');
const battery = ref('BATTERY', 'B-1');
const spare = ref('BATTERY', 'B-2');
const stock = () => new FixtureStreams().receive('LAPTOP', ['L-1']).receive('BATTERY', ['B-1', 'B-2']);

describe('install components', () => {
  it('takes the components out of stock into the parent, one event on each stream in one append', () => {
    const given = stock();
    assemblySpec(given)
      .when(install(laptop, [battery, spare], 'WO-7'))
      .then({
        events: [
          [
            'serial-BATTERY:B-1',
            [
              {
                type: 'SerialInstalled',
                data: {
                  ...battery,
                  fromLocationId: 'WH/Stock',
                  toLocationId: null,
                  parent: laptop,
                  movementId: null,
                  reference: 'WO-7',
                },
              },
            ],
          ],
          ['serial-BATTERY:B-2', [expect.objectContaining({ type: 'SerialInstalled' })]],
          [
            'serial-LAPTOP:L-1',
            [
              {
                type: 'ComponentsInstalled',
                data: { ...laptop, components: [battery, spare], reference: 'WO-7' },
              },
            ],
          ],
        ],
      });
    given.install(laptop, battery);
    const installed = foldSerialStream(given.streams['serial-BATTERY:B-1']);
    expect(installed).toMatchObject({ locationId: null, locationType: null, installedIn: laptop });
    expect(serialStatus(installed)).toBe('out_of_stock');
    expect(installed.status === 'known' && lifecycleState(installed)).toBe('installed');
    expect(foldSerialStream(given.streams['serial-LAPTOP:L-1'])).toMatchObject({
      locationId: 'WH/Stock',
      installedIn: null,
    });
  });

  it('answers with the parent, then each component, as they are after the install', () => {
    const result = stock().run(assemblyCommandStreams(install(laptop, [battery]), 'product'));
    expect(result.map((serial) => [serial.serialNumber, serialStatus(serial.state)])).toEqual([
      ['L-1', 'available'],
      ['B-1', 'out_of_stock'],
    ]);
  });

  it('replaces a part in the field: the unit at a customer takes a new one, and stays there', () => {
    const given = stock().install(laptop, battery).deliver(laptop, 'C7');
    given.uninstall(laptop, [battery], 'Virtual/Scrap').install(laptop, spare);
    expect(foldSerialStream(given.streams['serial-LAPTOP:L-1'])).toMatchObject({
      locationId: 'Partners/Customers',
      customerId: 'C7',
    });
    expect(foldSerialStream(given.streams['serial-BATTERY:B-2'])).toMatchObject({ installedIn: laptop });
    expect(foldSerialStream(given.streams['serial-BATTERY:B-1'])).toMatchObject({
      locationId: 'Virtual/Scrap',
      installedIn: null,
    });
  });

  it('installs into a parent that is itself installed (a module into a board inside a unit)', () => {
    const board = ref('BOARD', 'M-1');
    const ram = ref('RAM', 'R-1');
    const given = stock().receive('BOARD', ['M-1']).receive('RAM', ['R-1']).install(laptop, board);
    given.install(board, ram);
    expect(foldSerialStream(given.streams['serial-RAM:R-1'])).toMatchObject({ installedIn: board });
  });

  it('needs no event on the components when the parent moves', () => {
    const given = stock().install(laptop, battery);
    const before = given.streams['serial-BATTERY:B-1'].length;
    given.deliver(laptop);
    expect(given.streams['serial-BATTERY:B-1']).toHaveLength(before);
  });

  it('refuses a parent that does not exist', () => {
    assemblySpec(stock())
      .when(install(ref('LAPTOP', 'L-9'), [battery]))
      .thenThrows('SERIAL_NOT_FOUND', ['L-9']);
  });

  it.each([
    ['scrapped', { type: 'ScrapSerials', data: { fromLocationId: 'WH/Stock', reason: 'water' } }],
    [
      'written off',
      { type: 'AdjustSerial', data: { locationId: 'WH/Stock', direction: 'lost', reason: 'x' } },
    ],
  ])('refuses a parent that is %s', (_state, { type, data }) => {
    const given = stock();
    const target = type === 'AdjustSerial' ? { serialNumber: 'L-1' } : { serialNumbers: ['L-1'] };
    given.serial({ type, data: { productId: 'LAPTOP', ...target, ...data } } as SerialCommand);
    assemblySpec(given)
      .when(install(laptop, [battery]))
      .thenThrows('INVALID_LOCATION_TYPE', ['L-1']);
  });

  it('names every component that is unknown, not in stock, reserved or installed, each with its rule', () => {
    const given = stock()
      .receive('BATTERY', ['B-3', 'B-4', 'B-5'])
      .receive('BATTERY', ['B-6'])
      .serial({
        type: 'TransferSerials',
        data: {
          productId: 'BATTERY',
          serialNumbers: ['B-6'],
          fromLocationId: 'WH/Stock',
          toLocationId: 'Transit/Truck',
        },
      })
      .install(ref('LAPTOP', 'L-1'), ref('BATTERY', 'B-5'))
      .deliver(ref('BATTERY', 'B-4'))
      .serial({
        type: 'ReserveSerials',
        data: { productId: 'BATTERY', serialNumbers: ['B-3'], reference: 'SO-1' },
      })
      .serial({
        type: 'ReserveSerials',
        data: { productId: 'BATTERY', serialNumbers: ['B-2'], reference: 'WO-7' },
      });
    const components = ['B-9', 'B-3', 'B-4', 'B-5', 'B-6', 'B-2'].map((sn) => ref('BATTERY', sn));
    const run = () => given.run(assemblyCommandStreams(install(laptop, components, 'WO-7'), 'product'));
    expect(run).toThrow(
      expect.objectContaining({
        code: 'SERIAL_NOT_FOUND',
        violations: [
          expect.objectContaining({ serialNumber: 'B-9', code: 'SERIAL_NOT_FOUND' }),
          expect.objectContaining({ serialNumber: 'B-3', code: 'SERIAL_RESERVED' }),
          expect.objectContaining({ serialNumber: 'B-4', code: 'SERIAL_NOT_AT_LOCATION' }),
          expect.objectContaining({ serialNumber: 'B-5', code: 'SERIAL_INSTALLED' }),
          expect.objectContaining({ serialNumber: 'B-6', code: 'SERIAL_NOT_AT_LOCATION' }),
        ],
      }),
    );
  });

  it('takes a serial reserved for the install’s own reference', () => {
    const given = stock().serial({
      type: 'ReserveSerials',
      data: { productId: 'BATTERY', serialNumbers: ['B-1'], reference: 'WO-7' },
    });
    const [, installed] = given.run(assemblyCommandStreams(install(laptop, [battery], 'WO-7'), 'product'));
    expect(installed.state).toMatchObject({ installedIn: laptop, reservedFor: null });
  });

  it('refuses the same component twice in one request', () => {
    assemblySpec(stock())
      .when(install(laptop, [battery, battery]))
      .thenThrows('DUPLICATE_IN_REQUEST', ['B-1']);
  });

  it('refuses to install a serial into itself', () => {
    assemblySpec(stock())
      .when(install(laptop, [laptop]))
      .thenThrows('ASSEMBLY_CYCLE', ['L-1']);
  });

  it('refuses a cycle at depth 2: a unit into a part of one of its own parts', () => {
    const given = new FixtureStreams();
    const [outer, middle, inner] = given.nested(3);
    assemblySpec(given)
      .when(install(inner, [outer]))
      .thenThrows('ASSEMBLY_CYCLE', ['N-1']);
    assemblySpec(given)
      .when(install(inner, [middle]))
      .thenThrows('ASSEMBLY_CYCLE', ['N-2']);
  });

  it('refuses an assembly deeper than 16 levels, counting the parent’s depth and the component’s own', () => {
    const given = new FixtureStreams().receive('RAM', ['R-1']);
    const boards = given.nested(16);
    assemblySpec(given)
      .when(install(boards[15], [ref('RAM', 'R-1')]))
      .thenThrows('ASSEMBLY_TOO_DEEP', ['R-1']);
    const module = given.nested(2, 'M');
    assemblySpec(given)
      .when(install(boards[14], [module[0]]))
      .thenThrows('ASSEMBLY_TOO_DEEP', ['M-1']);
    assemblySpec(given)
      .when(install(boards[13], [module[0]]))
      .then({ events: [expect.anything(), expect.anything()] });
  });

  it('reads up the parent’s chain and down the components’ own assemblies, and relies on what it read', () => {
    const given = new FixtureStreams().receive('RAM', ['R-1']);
    const boards = given.nested(3);
    const modules = given.nested(2, 'M');
    assemblySpec(given)
      .when(install(boards[1], [modules[0]]))
      .thenReads(['serial-BOARD:N-2', 'serial-BOARD:M-1', 'serial-BOARD:N-1', 'serial-BOARD:M-2']);
    const command = assemblyCommandStreams(install(boards[1], [modules[0]]), 'product');
    const decision = command.decide(given.read(command), NOW);
    expect(decision.unchanged).toEqual(expect.arrayContaining(['serial-BOARD:N-1', 'serial-BOARD:M-2']));
    expect(decision.unchanged).not.toContain('serial-BOARD:N-2');
  });

  it('with global uniqueness, names a serial of another product as unknown', () => {
    const given = new FixtureStreams('global').receive('LAPTOP', ['L-1']).receive('BATTERY', ['B-1']);
    assemblySpec(given)
      .when(install(laptop, [ref('RAM', 'B-1')]))
      .thenThrows('SERIAL_NOT_FOUND', ['B-1']);
    assemblySpec(given)
      .when(install(laptop, [battery]))
      .then({
        events: [
          ['serial-B-1', [expect.anything()]],
          ['serial-L-1', [expect.anything()]],
        ],
      });
  });
});
