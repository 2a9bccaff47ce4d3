import { evolveProduct, firstSerialEvents, initialProductState } from '../product/product.decider';
import type { CommandStreams, EventToAppend, StreamsRead } from '../shared/command-streams';
import { foldStored } from '../shared/recorded';
import {
  locationStreamId,
  productStreamId,
  serialStreamId,
  type SerialUniqueness,
} from '../shared/stream-ids';
import { serialNumbersOf, type SerialCommand } from './serial.commands';
import { decideSerials, serialLocationIds } from './serial.decider';
import { currentLocationIds, foldLocations } from './serial.locations';
import { foldSerial, foldSerialStream, type SerialState } from './serial.state';

/** A serial the command names, with its state once the command's events are applied. */
export interface SerialAfter {
  readonly productId: string;
  readonly serialNumber: string;
  readonly state: SerialState;
}

/**
 * A serial command reads its product, the locations its rule declares and the stream of every serial
 * it names, then the location each of those serials is at (its path decides whether it is within the
 * location the command names); it writes to the serials that change, and to the product when it
 * creates the product's first serial. Its result lists every serial named, in request order.
 */
export function serialCommandStreams(
  command: SerialCommand,
  uniqueness: SerialUniqueness,
): CommandStreams<readonly SerialAfter[]> {
  const { productId } = command.data;
  const serialNumbers = serialNumbersOf(command);
  const locationIds = serialLocationIds(command);
  const productStream = productStreamId(productId);
  // Each serial's stream id is asked for several times per decision: encoded once per command.
  const streamIds = new Map(
    serialNumbers.map((sn) => [sn, serialStreamId(uniqueness, productId, sn)] as const),
  );
  const streamOf = (serialNumber: string) =>
    streamIds.get(serialNumber) ?? serialStreamId(uniqueness, productId, serialNumber);
  const serialLocations = (streams: StreamsRead) =>
    currentLocationIds(serialNumbers.map((sn) => streams.get(streamOf(sn)) ?? []));
  return {
    streamIds: [
      ...new Set([productStream, ...locationIds.map(locationStreamId), ...serialNumbers.map(streamOf)]),
    ],
    moreStreamIds: (streams) => serialLocations(streams).map(locationStreamId),
    decide: (streams, now) => {
      const read = (streamId: string) => streams.get(streamId) ?? [];
      const serials = new Map(serialNumbers.map((sn) => [sn, foldSerialStream(read(streamOf(sn)))]));
      const product = foldStored(read(productStream), evolveProduct, initialProductState);
      const decision = decideSerials(command, {
        product,
        locations: foldLocations(streams, new Set([...locationIds, ...serialLocations(streams)])),
        serials,
        now,
      });
      const created = [...decision.keys()].filter((sn) => serials.get(sn)?.status === 'unknown');
      const marker = firstSerialEvents(product, created);
      // The marker first: the command's position stays that of its last serial event.
      const events = new Map<string, readonly EventToAppend[]>(
        marker.length > 0 ? [[productStream, marker]] : [],
      );
      for (const [serialNumber, newEvents] of decision) events.set(streamOf(serialNumber), newEvents);
      const result = serialNumbers.map((serialNumber) => ({
        productId,
        serialNumber,
        state: foldSerial(decision.get(serialNumber) ?? [], serials.get(serialNumber), now),
      }));
      return { events, result };
    },
  };
}
