import { evolveLocation, initialLocationState } from '../location/location.decider';
import type { CommandStreams, EventToAppend, StreamsRead } from '../shared/command-streams';
import { foldStored } from '../shared/recorded';
import { locationStreamId, serialStreamId, type SerialUniqueness } from '../shared/stream-ids';
import type { SerialRef } from '../serial/serial.events';
import { foldSerial, foldSerialStream } from '../serial/serial.state';
import type { SerialAfter } from '../serial/serial.streams';
import type { AssemblyCommand } from './assembly.commands';
import { decideAssembly } from './assembly.decider';
import {
  foldComponents,
  unreadAssemblySerials,
  type AssemblyNode,
  type AssemblyNodes,
} from './assembly.tree';

/**
 * An assembly command reads the parent's and each component's stream (and an uninstall's destination).
 * An install then reads, a round at a time, the units the parent is installed in, up to the outermost,
 * and what is installed in its components, as deep as the assembly may go: at most 16 levels each way.
 * It writes one event to each component and one to the parent, in one append, which also checks that
 * none of the other units it read has changed. Its result lists the parent, then each component.
 */
export function assemblyCommandStreams(
  command: AssemblyCommand,
  uniqueness: SerialUniqueness,
): CommandStreams<readonly SerialAfter[]> {
  const { parent, components } = command.data;
  const streamOf = (ref: SerialRef) => serialStreamId(uniqueness, ref.productId, ref.serialNumber);
  const named = [parent, ...components];
  const locationIds = command.type === 'UninstallComponents' ? [command.data.toLocationId] : [];
  const locationStreams = new Set(locationIds.map(locationStreamId));
  return {
    streamIds: [...new Set([...locationStreams, ...named.map(streamOf)])],
    moreStreamIds: (streams) =>
      command.type === 'InstallComponents'
        ? unreadAssemblySerials(nodesOf(streams, streamOf), parent, components).map(streamOf)
        : [],
    decide: (streams, now) => {
      const nodes = nodesOf(streams, streamOf);
      const decision = decideAssembly(command, {
        nodes,
        locations: new Map(
          locationIds.map((id) => [
            id,
            foldStored(streams.get(locationStreamId(id)) ?? [], evolveLocation, initialLocationState),
          ]),
        ),
      });
      const events = new Map<string, readonly EventToAppend[]>();
      const after = new Map<string, SerialAfter>();
      for (const [ref, newEvents] of decision) {
        events.set(streamOf(ref), newEvents);
        after.set(streamOf(ref), { ...ref, state: foldSerial(newEvents, nodes(ref)?.state, now) });
      }
      const result = named.map(
        (ref) => after.get(streamOf(ref)) ?? { ...ref, state: nodes(ref)?.state ?? { status: 'unknown' } },
      );
      const relied = [...streams.keys()].filter((id) => !events.has(id) && !locationStreams.has(id));
      return { events, result, unchanged: relied };
    },
  };
}

/** Each serial stream read, folded once however often the walk asks for it. */
function nodesOf(streams: StreamsRead, streamOf: (ref: SerialRef) => string): AssemblyNodes {
  const folded = new Map<string, AssemblyNode>();
  return (ref) => {
    const streamId = streamOf(ref);
    const events = streams.get(streamId);
    if (events === undefined) return undefined;
    let node = folded.get(streamId);
    if (!node) {
      node = { state: foldSerialStream(events), components: foldComponents(events) };
      folded.set(streamId, node);
    }
    return node;
  };
}
