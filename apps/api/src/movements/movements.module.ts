import { Module } from '@nestjs/common';
import { MovementCommandHandler } from './movement-command.handler';
import { MovementsController } from './movements.controller';

@Module({ controllers: [MovementsController], providers: [MovementCommandHandler] })
export class MovementsModule {}
