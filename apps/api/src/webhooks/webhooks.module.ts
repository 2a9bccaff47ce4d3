import { Module } from '@nestjs/common';
import { WebhookCommandHandler } from './webhook-command.handler';
import { WebhooksController } from './webhooks.controller';

@Module({ controllers: [WebhooksController], providers: [WebhookCommandHandler] })
export class WebhooksApiModule {}
