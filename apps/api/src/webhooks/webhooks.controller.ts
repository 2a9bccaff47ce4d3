import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { webhookStreamId, type WebhookCommand } from '@serial/domain';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { WEBHOOK_STORE, type WebhookStore } from '@serial/read-models';
import { AddressPolicy, WebhookSecrets, type CommandMetadata } from '@serial/runtime';
import { Roles } from '../auth/auth.decorators';
import { NotFoundError, ValidationFailedError } from '../http/application-errors';
import { CommandContext } from '../http/command-context';
import { DEFAULT_PAGE_SIZE, PageQueryDto, withCursor } from '../http/pagination';
import { ApiPathParam, EntityIdPipe } from '../http/path-params';
import { ApiProblems } from '../http/problem.openapi';
import { ExecuteWebhookCommand } from './webhook-command.handler';
import { foldWebhook, recordView, webhookView } from './webhook-view';
import { CreateWebhookDto, RedeliverWebhookDto, WebhookDto, WebhookPageDto } from './webhooks.dto';

const NOT_FOUND = { code: 'NOT_FOUND', detail: 'Webhook erp-sync does not exist' };

/** Signed deliveries of the change feed (API.md "Change feed and webhooks"); definitions are events. */
@ApiTags('webhooks')
@Roles('admin')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(WEBHOOK_STORE) private readonly webhooks: WebhookStore,
    private readonly secrets: WebhookSecrets,
    private readonly addresses: AddressPolicy,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a webhook; delivery starts after fromPosition, or at the head' })
  @ApiCreatedResponse({ type: WebhookDto })
  @ApiProblems(
    {
      code: 'VALIDATION_FAILED',
      detail: 'url: points at an internal address (127.0.0.1) that WEBHOOK_ALLOWED_NETWORKS does not allow',
      errors: [
        {
          field: 'url',
          message: 'points at an internal address (127.0.0.1) that WEBHOOK_ALLOWED_NETWORKS does not allow',
        },
      ],
    },
    'WEBHOOK_ALREADY_EXISTS',
    'CONCURRENCY_CONFLICT',
  )
  async create(
    @Body() dto: CreateWebhookDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<WebhookDto> {
    const refusal = this.addresses.urlRefusal(dto.url);
    if (refusal !== undefined) throw new ValidationFailedError([{ field: 'url', message: refusal }]);
    const fromPosition = dto.fromPosition ?? (await this.events.headPosition()).toString();
    await this.execute(
      {
        type: 'CreateWebhook',
        data: {
          webhookId: dto.id,
          url: dto.url,
          sealedSecret: this.secrets.seal(dto.secret),
          types: dto.types ?? [],
          productIds: dto.productIds ?? [],
          fromPosition,
        },
      },
      metadata,
    );
    return this.webhook(dto.id);
  }

  @Get()
  @ApiOperation({ summary: 'Every webhook, by id (follows the deliveries: a new one shows within a moment)' })
  @ApiOkResponse({ type: WebhookPageDto })
  async list(@Query() { limit = DEFAULT_PAGE_SIZE, cursor }: PageQueryDto): Promise<WebhookPageDto> {
    const page = await withCursor(() => this.webhooks.listWebhooks({ limit, cursor }));
    return { items: page.items.map(recordView), nextCursor: page.nextCursor };
  }

  @Get(':webhookId')
  @ApiPathParam('webhookId', 'Webhook id', 'erp-sync')
  @ApiOperation({ summary: 'One webhook with its delivery state (the secret is never shown)' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(NOT_FOUND)
  async webhook(@Param('webhookId', EntityIdPipe) webhookId: string): Promise<WebhookDto> {
    const [events, record] = await Promise.all([
      this.events.readStream(webhookStreamId(webhookId)),
      this.webhooks.getWebhook(webhookId),
    ]);
    const folded = foldWebhook(events);
    if (folded === null) throw new NotFoundError(`Webhook ${webhookId} does not exist`);
    return webhookView(folded, record);
  }

  @Delete(':webhookId')
  @ApiPathParam('webhookId', 'Webhook id', 'erp-sync')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook: no more deliveries' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(NOT_FOUND)
  async remove(
    @Param('webhookId', EntityIdPipe) webhookId: string,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<void> {
    await this.execute({ type: 'DeleteWebhook', data: { webhookId } }, metadata);
  }

  @Post(':webhookId/pause')
  @ApiPathParam('webhookId', 'Webhook id', 'erp-sync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop delivering until resumed; events are kept for later' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(NOT_FOUND)
  async pause(
    @Param('webhookId', EntityIdPipe) webhookId: string,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<WebhookDto> {
    await this.execute({ type: 'PauseWebhook', data: { webhookId } }, metadata);
    return this.webhook(webhookId);
  }

  @Post(':webhookId/resume')
  @ApiPathParam('webhookId', 'Webhook id', 'erp-sync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver again, from where delivery stopped, trying at once' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(NOT_FOUND)
  async resume(
    @Param('webhookId', EntityIdPipe) webhookId: string,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<WebhookDto> {
    await this.execute({ type: 'ResumeWebhook', data: { webhookId } }, metadata);
    return this.webhook(webhookId);
  }

  @Post(':webhookId/redeliver')
  @ApiPathParam('webhookId', 'Webhook id', 'erp-sync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver again every wanted event after fromPosition' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(NOT_FOUND, 'CONCURRENCY_CONFLICT')
  async redeliver(
    @Param('webhookId', EntityIdPipe) webhookId: string,
    @Body() dto: RedeliverWebhookDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<WebhookDto> {
    await this.execute(
      { type: 'RedeliverWebhook', data: { webhookId, fromPosition: dto.fromPosition } },
      metadata,
    );
    return this.webhook(webhookId);
  }

  private async execute(command: WebhookCommand, metadata: CommandMetadata): Promise<void> {
    await this.commandBus.execute(new ExecuteWebhookCommand(command, metadata));
  }
}
