import { Module } from '@nestjs/common';
import { SerialAuditController } from './audit/serial-audit.controller';
import { SerialCommandHandler } from './commands/serial-command.handler';
import { SerialCommandsController } from './commands/serial-commands.controller';
import { SerialQueriesController } from './queries/serial-queries.controller';

/** Everything about serials: the commands, the read-model queries, and the auditors' view of their streams. */
@Module({
  controllers: [SerialCommandsController, SerialQueriesController, SerialAuditController],
  providers: [SerialCommandHandler],
})
export class SerialsModule {}
