import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { locationCommandStreams, type LocationCommand, type LocationState } from '@serial/domain';
import { CommandRunner, ExecuteCommand, type CommandOutcome } from '@serial/runtime';

export type LocationCommandOutcome = CommandOutcome<LocationState>;

export class ExecuteLocationCommand extends ExecuteCommand<LocationCommand, LocationCommandOutcome> {}

@CommandHandler(ExecuteLocationCommand)
export class LocationCommandHandler implements ICommandHandler<
  ExecuteLocationCommand,
  LocationCommandOutcome
> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ command, metadata }: ExecuteLocationCommand): Promise<LocationCommandOutcome> {
    return this.runner.run(locationCommandStreams(command), metadata);
  }
}
