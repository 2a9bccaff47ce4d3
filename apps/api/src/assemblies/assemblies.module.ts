import { Module } from '@nestjs/common';
import { AssemblyCommandHandler } from './assembly-command.handler';
import { AssemblyCommandsController } from './assembly-commands.controller';
import { TraceController } from './trace.controller';

/** Units built from serial-tracked parts, and the traceability questions of a recall. */
@Module({
  controllers: [AssemblyCommandsController, TraceController],
  providers: [AssemblyCommandHandler],
})
export class AssembliesModule {}
