import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideSerials,
  evolveLocation,
  evolveProduct,
  evolveSerial,
  foldStored,
  initialLocationState,
  initialProductState,
  initialSerialState,
  locationIdsOf,
  locationStreamId,
  productStreamId,
  serialNumbersOf,
  serialStatus,
  serialStreamId,
  type SerialCommand,
  type SerialState,
} from '@serial/domain';
import { APP_CONFIG, type AppConfig } from '@serial/runtime';
import { CommandRunner, type CommandMetadata } from '@serial/runtime';

export interface SerialCommandResult {
  readonly position: string;
  readonly serials: { productId: string; serialNumber: string; status: string; locationId: string | null }[];
}

export class ExecuteSerialCommand extends Command<SerialCommandResult> {
  constructor(
    readonly command: SerialCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Every serial command: load the product, the locations and each serial's stream, decide, append. */
@CommandHandler(ExecuteSerialCommand)
export class SerialCommandHandler implements ICommandHandler<ExecuteSerialCommand, SerialCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ command, metadata }: ExecuteSerialCommand): Promise<SerialCommandResult> {
    const { productId } = command.data;
    const serialNumbers = serialNumbersOf(command);
    const locationIds = [...new Set(locationIdsOf(command))];
    const streamOf = (serialNumber: string) =>
      serialStreamId(this.config.serialUniqueness, productId, serialNumber);

    const outcome = await this.runner.run(
      {
        streamIds: [
          productStreamId(productId),
          ...locationIds.map(locationStreamId),
          ...serialNumbers.map(streamOf),
        ],
        decide: (streams) => {
          const events = (streamId: string) => streams.get(streamId) ?? [];
          const decision = decideSerials(command, {
            product: foldStored(events(productStreamId(productId)), evolveProduct, initialProductState),
            locations: new Map(
              locationIds.map((id) => [
                id,
                foldStored(events(locationStreamId(id)), evolveLocation, initialLocationState),
              ]),
            ),
            serials: new Map(
              serialNumbers.map((sn) => [
                sn,
                foldStored(events(streamOf(sn)), evolveSerial, initialSerialState),
              ]),
            ),
            now: metadata.occurredAt,
          });
          return new Map(
            [...decision].map(([serialNumber, newEvents]) => [streamOf(serialNumber), newEvents]),
          );
        },
      },
      metadata,
    );

    const serials = serialNumbers.map((serialNumber) => {
      const streamId = streamOf(serialNumber);
      const before = foldStored(outcome.streams.get(streamId) ?? [], evolveSerial, initialSerialState);
      const after: SerialState = foldStored(outcome.written.get(streamId) ?? [], evolveSerial, before);
      return {
        productId,
        serialNumber,
        status: serialStatus(after),
        locationId: after.status === 'known' ? after.locationId : null,
      };
    });
    return { position: outcome.position.toString(), serials };
  }
}
