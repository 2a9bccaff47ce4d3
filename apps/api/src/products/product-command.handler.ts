import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideProduct,
  evolveProduct,
  initialProductState,
  productStreamId,
  type ProductCommand,
} from '@serial/domain';
import { CommandRunner, ExecuteCommand, singleStreamPlan, type CommandOutcome } from '@serial/runtime';

export class ExecuteProductCommand extends ExecuteCommand<ProductCommand, CommandOutcome> {}

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
