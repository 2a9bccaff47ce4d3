import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import {
  type AppConfig,
  AppConfigModule,
  EventStoreModule,
  loggerParams,
  prettyWhenInteractive,
  ReadModelsModule,
  WebhooksModule,
} from '@serial/runtime';

/** The projector alone: the event store, the read store, the loop between them and the webhook deliveries; no HTTP. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.logLevel, { pretty: prettyWhenInteractive() })),
        EventStoreModule.forRoot(config, { writer: false }),
        ReadModelsModule.forRoot(config, { runProjector: true }),
        WebhooksModule.forRoot(config),
      ],
    };
  }
}
