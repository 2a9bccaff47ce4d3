import type { CommandStreams } from '../shared/command-streams';
import { locationStreamId } from '../shared/stream-ids';
import {
  decideLocation,
  evolveLocation,
  foldLocationStream,
  type LocationCommand,
  type LocationState,
} from './location.decider';

/**
 * A location command writes the location's own stream; creating a child also reads its parent's,
 * whose path the child's extends. The parent's stream needs no expected revision: its type and path
 * never change.
 */
export function locationCommandStreams(command: LocationCommand): CommandStreams<LocationState> {
  const streamId = locationStreamId(command.data.locationId);
  const parentId = command.type === 'RegisterLocation' ? command.data.parentId : undefined;
  const parentStream = parentId === undefined ? null : locationStreamId(parentId);
  return {
    streamIds: [...new Set(parentStream ? [streamId, parentStream] : [streamId])],
    decide: (streams) => {
      const state = foldLocationStream(streams.get(streamId) ?? []);
      const parent = parentStream ? foldLocationStream(streams.get(parentStream) ?? []) : undefined;
      const events = decideLocation(command, state, parent);
      return { events: new Map([[streamId, events]]), result: events.reduce(evolveLocation, state) };
    },
  };
}
