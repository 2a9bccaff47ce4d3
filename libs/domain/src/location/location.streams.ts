import { singleStreamCommand, type CommandStreams } from '../shared/command-streams';
import { locationStreamId } from '../shared/stream-ids';
import {
  decideLocation,
  evolveLocation,
  initialLocationState,
  type LocationCommand,
  type LocationState,
} from './location.decider';

/** A location command reads and writes the location's own stream only. */
export function locationCommandStreams(command: LocationCommand): CommandStreams<LocationState> {
  return singleStreamCommand(locationStreamId(command.data.locationId), command, {
    decide: decideLocation,
    evolve: evolveLocation,
    initialState: initialLocationState,
  });
}
