import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import {
  connectMongoWebhookStore,
  SqliteWebhookStore,
  WEBHOOK_STORE,
  type WebhookStore,
} from '@serial/read-models';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { PROJECTOR_COMPANIONS, type ProjectorCompanions } from '../stores/projector-companions';
import { RUNS_PROJECTOR } from '../stores/read-models.module';
import { AddressPolicy } from './address-policy';
import { WebhookDeliveries } from './webhook-deliveries';
import { DEFAULT_DELIVERY_OPTIONS, type DeliveryOptions } from './webhook-queue';
import { WebhookSecrets } from './webhook-secrets';
import { DEFAULT_SENDER_TIMEOUTS, WebhookSender, type SenderTimeouts } from './webhook-sender';

export const WEBHOOK_STORE_FILE = 'webhooks.sqlite';
export const WEBHOOK_DELIVERIES = Symbol('WEBHOOK_DELIVERIES');

export interface WebhooksModuleOptions {
  /** Shorter backoff for tests. */
  readonly delivery?: Partial<DeliveryOptions>;
  readonly timeouts?: SenderTimeouts;
}

/**
 * The webhook store, the secret sealing and the address policy for the api, and, where the projector
 * runs (PROJECTOR=inline, apps/projector; with MongoDB only while holding its lease), the deliveries as
 * a projector companion. Needs EventStoreModule and ReadModelsModule.
 */
@Module({})
export class WebhooksModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(WEBHOOK_DELIVERIES) private readonly deliveries: WebhookDeliveries,
    @Inject(RUNS_PROJECTOR) private readonly runsProjector: boolean,
    @Inject(PROJECTOR_COMPANIONS) private readonly companions: ProjectorCompanions,
    private readonly sender: WebhookSender,
  ) {}

  static forRoot(config: AppConfig, options: WebhooksModuleOptions = {}): DynamicModule {
    const delivery = { ...DEFAULT_DELIVERY_OPTIONS, ...options.delivery };
    return {
      module: WebhooksModule,
      global: true,
      providers: [
        { provide: WEBHOOK_STORE, useFactory: () => openWebhookStore(config) },
        { provide: WebhookSecrets, useFactory: () => WebhookSecrets.fromConfig(config) },
        { provide: AddressPolicy, useValue: new AddressPolicy(config.webhooks.allowedNetworks) },
        {
          provide: WebhookSender,
          inject: [AddressPolicy],
          useFactory: (policy: AddressPolicy) =>
            new WebhookSender(policy, options.timeouts ?? DEFAULT_SENDER_TIMEOUTS),
        },
        {
          provide: WEBHOOK_DELIVERIES,
          inject: [EVENT_STORE, WEBHOOK_STORE, WebhookSecrets, WebhookSender],
          useFactory: (
            events: EventStore,
            store: WebhookStore,
            secrets: WebhookSecrets,
            sender: WebhookSender,
          ) => {
            const logger = new Logger('WebhookDeliveries');
            return new WebhookDeliveries(events, store, {
              send: (request) => sender.send(request),
              unseal: (sealed) => secrets.unseal(sealed),
              now: () => new Date(),
              log: { log: (message) => logger.log(message), warn: (message) => logger.warn(message) },
              options: delivery,
            });
          },
        },
      ],
      exports: [WEBHOOK_STORE, WebhookSecrets, AddressPolicy, WEBHOOK_DELIVERIES],
    };
  }

  onModuleInit(): void {
    if (!this.runsProjector) return;
    this.companions.add(this.deliveries);
    this.logger.log('Webhook deliveries run in this process, beside the projector');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.deliveries.stop();
    this.sender.close();
    await this.store.close();
  }
}

async function openWebhookStore(config: AppConfig): Promise<WebhookStore> {
  switch (config.readStore.type) {
    case 'sqlite':
      return SqliteWebhookStore.open(path.join(config.dataDir, WEBHOOK_STORE_FILE));
    case 'mongodb':
      return connectMongoWebhookStore(config.readStore.uri, config.readStore.database);
  }
}
