import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideLocation,
  decideProduct,
  evolveLocation,
  evolveProduct,
  initialLocationState,
  initialProductState,
  locationStreamId,
  productStreamId,
  type LocationCommand,
  type ProductCommand,
} from '@serial/domain';
import {
  CommandRunner,
  singleStreamPlan,
  type CommandMetadata,
  type CommandOutcome,
} from '../commands/command-runner';

export class ExecuteProductCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: ProductCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

export class ExecuteLocationCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: LocationCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(ExecuteProductCommand)
export class ProductCommandHandler implements ICommandHandler<ExecuteProductCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ command, metadata }: ExecuteProductCommand): Promise<CommandOutcome> {
    const plan = singleStreamPlan(productStreamId(command.data.productId), command, {
      decide: decideProduct,
      evolve: evolveProduct,
      initialState: initialProductState,
    });
    return this.runner.run(plan, metadata);
  }
}

@CommandHandler(ExecuteLocationCommand)
export class LocationCommandHandler implements ICommandHandler<ExecuteLocationCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ command, metadata }: ExecuteLocationCommand): Promise<CommandOutcome> {
    const plan = singleStreamPlan(locationStreamId(command.data.locationId), command, {
      decide: decideLocation,
      evolve: evolveLocation,
      initialState: initialLocationState,
    });
    return this.runner.run(plan, metadata);
  }
}
