import { evolveProduct, firstSerialEvents, initialProductState } from '../product/product.decider';
import type { CommandStreams, EventToAppend, StreamsRead } from '../shared/command-streams';
import { DomainError } from '../shared/domain-error';
import { foldStored } from '../shared/recorded';
import {
  locationStreamId,
  movementStreamId,
  productStreamId,
  serialStreamId,
  type SerialUniqueness,
} from '../shared/stream-ids';
import { currentLocationIds, foldLocations } from '../serial/serial.locations';
import { foldSerialStream, type SerialState } from '../serial/serial.state';
import type { MovementCommand } from './movement.commands';
import { decideMovement } from './movement.decider';
import {
  evolveMovement,
  initialMovementState,
  type ExistingMovement,
  type MovementState,
} from './movement.state';

/** What a movement command looks at besides the document: known from the command or the document. */
interface MovementNames {
  readonly products: readonly string[];
  readonly locations: readonly string[];
  /** (product, serial number) pairs. */
  readonly serials: readonly (readonly [string, string])[];
}

/**
 * A movement command reads the document first, then what it names: its products, its two locations and
 * the serials of its lines, and last the location each of those serials is at. Validation writes every serial's events and the document's in one append,
 * with the first-serial marker of each product whose first serial a receipt creates.
 */
export function movementCommandStreams(
  command: MovementCommand,
  uniqueness: SerialUniqueness,
): CommandStreams<MovementState> {
  const movementStream = movementStreamId(command.data.movementId);
  const movementOf = (streams: StreamsRead): MovementState =>
    foldStored(streams.get(movementStream) ?? [], evolveMovement, initialMovementState);
  const serialStream = ([productId, serialNumber]: readonly [string, string]) =>
    serialStreamId(uniqueness, productId, serialNumber);
  return {
    streamIds: [movementStream],
    // Asked again once the serials are read, it adds their locations.
    moreStreamIds: (streams) => {
      const { products, locations, serials } = namedBy(command, movementOf(streams));
      const serialStreams = serials.map(serialStream);
      const serialLocations = currentLocationIds(serialStreams.map((id) => streams.get(id) ?? []));
      return [
        ...new Set([
          ...products.map(productStreamId),
          ...[...locations, ...serialLocations].map(locationStreamId),
          ...serialStreams,
        ]),
      ];
    },
    decide: (streams, now) => {
      const read = (streamId: string) => streams.get(streamId) ?? [];
      const movement = movementOf(streams);
      const { products, locations, serials: named } = namedBy(command, movement);
      const serials = new Map<string, Map<string, SerialState>>();
      const serialLocations = currentLocationIds(named.map((pair) => read(serialStream(pair))));
      for (const pair of named) {
        const [productId, serialNumber] = pair;
        const byProduct = serials.get(productId) ?? new Map<string, SerialState>();
        byProduct.set(serialNumber, foldSerialStream(read(serialStream(pair))));
        serials.set(productId, byProduct);
      }
      const productStates = new Map(
        products.map((id) => [id, foldStored(read(productStreamId(id)), evolveProduct, initialProductState)]),
      );
      const decision = decideMovement(command, movement, {
        products: productStates,
        locations: foldLocations(streams, new Set([...locations, ...serialLocations])),
        serials,
        now,
      });
      const events = new Map<string, readonly EventToAppend[]>();
      for (const [productId, bySerial] of decision.serials) {
        for (const [serialNumber, serialEvents] of bySerial) {
          const streamId = serialStream([productId, serialNumber]);
          // With global uniqueness two products' lines can name one serial number: one stream.
          if (events.has(streamId)) {
            throw DomainError.fromViolations([
              {
                serialNumber,
                code: 'DUPLICATE_IN_REQUEST',
                detail: `Serial number ${serialNumber} is on two lines of this movement`,
              },
            ]);
          }
          events.set(streamId, serialEvents);
        }
        const created = [...bySerial.keys()].filter(
          (sn) => serials.get(productId)?.get(sn)?.status === 'unknown',
        );
        const marker = firstSerialEvents(productStates.get(productId) ?? initialProductState, created);
        if (marker.length > 0) events.set(productStreamId(productId), marker);
      }
      // Last, so the document's event carries the position of the whole validation.
      events.set(movementStream, decision.movement);
      return { events, result: decision.movement.reduce(evolveMovement, movement) };
    },
  };
}

function namedBy(command: MovementCommand, movement: MovementState): MovementNames {
  if (command.type === 'CreateMovement') {
    const { lines, fromLocationId, toLocationId } = command.data;
    return {
      products: lines.map((l) => l.productId),
      locations: [fromLocationId, toLocationId],
      serials: [],
    };
  }
  if (movement.status === 'none') return { products: [], locations: [], serials: [] };
  return {
    products: movement.lines.map((l) => l.productId),
    locations: [movement.fromLocationId, movement.toLocationId],
    serials: serialsNamed(command, movement),
  };
}

/** The serials the decision looks at: those being assigned to a line, or on validation every line's. */
function serialsNamed(command: MovementCommand, movement: ExistingMovement): (readonly [string, string])[] {
  if (command.type === 'AssignMovementSerials') {
    const line = movement.lines[command.data.lineIndex];
    return line ? command.data.serialNumbers.map((sn) => [line.productId, sn] as const) : [];
  }
  if (command.type !== 'ValidateMovement') return [];
  return movement.lines.flatMap((line) => line.serialNumbers.map((sn) => [line.productId, sn] as const));
}
