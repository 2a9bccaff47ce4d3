import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideMovement,
  evolveLocation,
  evolveMovement,
  evolveProduct,
  evolveSerial,
  foldStored,
  initialLocationState,
  initialMovementState,
  initialProductState,
  initialSerialState,
  locationStreamId,
  movementStreamId,
  productStreamId,
  serialStreamId,
  DomainError,
  type MovementCommand,
  type MovementState,
  type SerialState,
} from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import { APP_CONFIG, type AppConfig } from '@serial/runtime';
import { CommandRunner, type CommandMetadata, type CommandOutcome, type NewEvent } from '@serial/runtime';

export class ExecuteMovementCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: MovementCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

type Streams = ReadonlyMap<string, readonly RecordedEvent[]>;

/**
 * Movement commands read the document first, then what it names: its products, its two locations and
 * the serials of its lines. Validation appends the document's event and every serial's in one go.
 */
@CommandHandler(ExecuteMovementCommand)
export class MovementCommandHandler implements ICommandHandler<ExecuteMovementCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ command, metadata }: ExecuteMovementCommand): Promise<CommandOutcome> {
    const movementStream = movementStreamId(command.data.movementId);
    const movementOf = (streams: Streams): MovementState =>
      foldStored(streams.get(movementStream) ?? [], evolveMovement, initialMovementState);
    const serialStream = (productId: string, serialNumber: string) =>
      serialStreamId(this.config.serialUniqueness, productId, serialNumber);

    /** The (product, serial) pairs the decision looks at. */
    const serialsNamed = (movement: MovementState): [string, string][] => {
      if (command.type === 'AssignMovementSerials' && movement.status !== 'none') {
        const line = movement.lines[command.data.lineIndex];
        return line ? command.data.serialNumbers.map((sn) => [line.productId, sn]) : [];
      }
      if (command.type !== 'ValidateMovement' || movement.status === 'none') return [];
      return movement.lines.flatMap((line) =>
        line.serialNumbers.map((sn): [string, string] => [line.productId, sn]),
      );
    };
    const ends = (movement: MovementState) =>
      command.type === 'CreateMovement'
        ? {
            products: command.data.lines.map((l) => l.productId),
            locations: [command.data.fromLocationId, command.data.toLocationId],
          }
        : movement.status === 'none'
          ? { products: [], locations: [] }
          : {
              products: movement.lines.map((l) => l.productId),
              locations: [movement.fromLocationId, movement.toLocationId],
            };

    return this.runner.run(
      {
        streamIds: [movementStream],
        moreStreamIds: (streams) => {
          const movement = movementOf(streams);
          const { products, locations } = ends(movement);
          return [
            ...new Set([
              ...products.map(productStreamId),
              ...locations.map(locationStreamId),
              ...serialsNamed(movement).map(([productId, sn]) => serialStream(productId, sn)),
            ]),
          ];
        },
        decide: (streams) => {
          const events = (id: string) => streams.get(id) ?? [];
          const movement = movementOf(streams);
          const { products, locations } = ends(movement);
          const serials = new Map<string, Map<string, SerialState>>();
          for (const [productId, sn] of serialsNamed(movement)) {
            const byProduct = serials.get(productId) ?? new Map<string, SerialState>();
            byProduct.set(
              sn,
              foldStored(events(serialStream(productId, sn)), evolveSerial, initialSerialState),
            );
            serials.set(productId, byProduct);
          }
          const decision = decideMovement(command, movement, {
            products: new Map(
              products.map((id) => [
                id,
                foldStored(events(productStreamId(id)), evolveProduct, initialProductState),
              ]),
            ),
            locations: new Map(
              locations.map((id) => [
                id,
                foldStored(events(locationStreamId(id)), evolveLocation, initialLocationState),
              ]),
            ),
            serials,
            now: metadata.occurredAt,
          });
          const written = new Map<string, readonly NewEvent[]>();
          for (const [productId, bySerial] of decision.serials) {
            for (const [sn, serialEvents] of bySerial) {
              const streamId = serialStream(productId, sn);
              // With global uniqueness two products' lines can name one serial number: one stream.
              if (written.has(streamId)) {
                throw DomainError.fromViolations([
                  {
                    serialNumber: sn,
                    code: 'DUPLICATE_IN_REQUEST',
                    detail: `Serial number ${sn} is on two lines of this movement`,
                  },
                ]);
              }
              written.set(streamId, serialEvents);
            }
          }
          // Last, so the document's event carries the position of the whole validation.
          written.set(movementStream, decision.movement);
          return written;
        },
      },
      metadata,
    );
  }
}
