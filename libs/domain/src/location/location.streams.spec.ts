import { commandStreamsSpecification } from '../testing/decider-specification';
import { NOW } from '../testing/serial-fixtures';
import type { LocationCommand } from './location.commands';
import { locationCommandStreams } from './location.streams';

const spec = commandStreamsSpecification((command: LocationCommand) => locationCommandStreams(command), NOW);
const data = { locationId: 'WH/Stock/A', name: 'A', locationType: 'internal' as const };
const stock = {
  type: 'LocationRegistered',
  data: {
    locationId: 'WH/Stock',
    name: 'Stock',
    locationType: 'internal',
    parentId: null,
    path: ['WH/Stock'],
  },
};

describe('the streams of a location command', () => {
  it("reads and writes the location's own stream, giving the location after", () => {
    const register: LocationCommand = { type: 'RegisterLocation', data };
    const event = { type: 'LocationRegistered', data: { ...data, parentId: null, path: ['WH/Stock/A'] } };
    spec({}).when(register).thenReads(['location-WH/Stock/A']);
    spec({})
      .when(register)
      .then({
        events: [['location-WH/Stock/A', [event]]],
        result: { status: 'registered', ...event.data },
      });
    spec({ 'location-WH/Stock/A': [event] })
      .when(register)
      .thenThrows('LOCATION_ALREADY_EXISTS');
  });

  it("reads the parent's stream too, and writes only the child's", () => {
    const register: LocationCommand = { type: 'RegisterLocation', data: { ...data, parentId: 'WH/Stock' } };
    const path = ['WH/Stock', 'WH/Stock/A'];
    spec({}).when(register).thenReads(['location-WH/Stock/A', 'location-WH/Stock']);
    spec({ 'location-WH/Stock': [stock] })
      .when(register)
      .then({
        events: [
          [
            'location-WH/Stock/A',
            [{ type: 'LocationRegistered', data: { ...data, parentId: 'WH/Stock', path } }],
          ],
        ],
      });
    spec({}).when(register).thenThrows('LOCATION_NOT_FOUND');
  });

  it('renames through the own stream only', () => {
    const rename: LocationCommand = {
      type: 'RenameLocation',
      data: { locationId: 'WH/Stock', name: 'Main' },
    };
    spec({ 'location-WH/Stock': [stock] })
      .when(rename)
      .then({
        events: [['location-WH/Stock', [{ type: 'LocationRenamed', data: rename.data }]]],
        result: { status: 'registered', ...stock.data, name: 'Main' },
      });
  });
});
