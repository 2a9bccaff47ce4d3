import { Module } from '@nestjs/common';
import { SerialCommandHandler } from './serial-command.handler';
import { SerialCommandsController } from './serial-commands.controller';

@Module({ controllers: [SerialCommandsController], providers: [SerialCommandHandler] })
export class SerialsModule {}
