import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideLocation,
  evolveLocation,
  initialLocationState,
  locationStreamId,
  type LocationCommand,
} from '@serial/domain';
import { CommandRunner, ExecuteCommand, singleStreamPlan, type CommandOutcome } from '@serial/runtime';

export class ExecuteLocationCommand extends ExecuteCommand<LocationCommand, CommandOutcome> {}

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
