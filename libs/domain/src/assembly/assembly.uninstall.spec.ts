import { assemblySpec, FixtureStreams, ref, uninstall } from '../testing/assembly-fixtures';
import { lifecycleState } from '../serial/serial.lifecycle';
import { foldSerialStream } from '../serial/serial.state';

const laptop = ref('LAPTOP', 'L-1');
const battery = ref('BATTERY', 'B-1');
const board = ref('BOARD', 'M-1');
const ram = ref('RAM', 'R-1');
const assembled = () =>
  new FixtureStreams()
    .receive('LAPTOP', ['L-1'])
    .receive('BATTERY', ['B-1', 'B-2'])
    .receive('BOARD', ['M-1'])
    .receive('RAM', ['R-1'])
    .install(board, ram)
    .install(laptop, battery, board);
const stateOf = (given: FixtureStreams, streamId: string) => {
  const serial = foldSerialStream(given.streams[streamId]);
  return serial.status === 'known' ? { ...serial, state: lifecycleState(serial) } : serial;
};

describe('uninstall components', () => {
  it('brings the components back on hand, with the reason, one event on each stream', () => {
    assemblySpec(assembled())
      .when(uninstall(laptop, [battery], 'WH/Stock', 'RMA-3'))
      .then({
        events: [
          [
            'serial-BATTERY:B-1',
            [
              {
                type: 'SerialUninstalled',
                data: {
                  ...battery,
                  fromLocationId: null,
                  toLocationId: 'WH/Stock',
                  toLocationType: 'internal',
                  parent: laptop,
                  movementId: null,
                  reference: 'RMA-3',
                  reason: 'faulty',
                },
              },
            ],
          ],
          [
            'serial-LAPTOP:L-1',
            [
              {
                type: 'ComponentsUninstalled',
                data: { ...laptop, components: [battery], reason: 'faulty', reference: 'RMA-3' },
              },
            ],
          ],
        ],
      });
    const given = assembled().uninstall(laptop, [battery]);
    expect(stateOf(given, 'serial-BATTERY:B-1')).toMatchObject({
      state: 'in_stock',
      locationId: 'WH/Stock',
      installedIn: null,
    });
  });

  it('scraps a faulty part straight out of the unit', () => {
    const given = assembled().uninstall(laptop, [battery], 'Virtual/Scrap');
    expect(stateOf(given, 'serial-BATTERY:B-1')).toMatchObject({ state: 'scrapped', installedIn: null });
  });

  it('brings a subassembly out whole: what is installed in it stays there', () => {
    const given = assembled().uninstall(laptop, [board]);
    expect(stateOf(given, 'serial-BOARD:M-1')).toMatchObject({ state: 'in_stock' });
    expect(stateOf(given, 'serial-RAM:R-1')).toMatchObject({ state: 'installed', installedIn: board });
  });

  it('takes only an internal or a scrap location', () => {
    assemblySpec(assembled())
      .when(uninstall(laptop, [battery], 'Partners/Customers'))
      .thenThrows('INVALID_LOCATION_TYPE');
    assemblySpec(assembled())
      .when(uninstall(laptop, [battery], 'WH/Nowhere'))
      .thenThrows('LOCATION_NOT_FOUND');
  });

  it('names every component not installed directly in that parent, and every unknown one', () => {
    const spare = ref('BATTERY', 'B-2');
    assemblySpec(assembled())
      .when(uninstall(laptop, [battery, spare, ram, ref('BATTERY', 'B-9')]))
      .thenThrows('SERIAL_NOT_INSTALLED', ['B-2', 'R-1', 'B-9']);
  });

  it('refuses a parent that does not exist', () => {
    assemblySpec(assembled())
      .when(uninstall(ref('LAPTOP', 'L-9'), [battery]))
      .thenThrows('SERIAL_NOT_FOUND', ['L-9']);
  });

  it('refuses the same component twice in one request', () => {
    assemblySpec(assembled())
      .when(uninstall(laptop, [battery, battery]))
      .thenThrows('DUPLICATE_IN_REQUEST', ['B-1']);
  });
});
