import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import {
  type AppConfig,
  AppConfigModule,
  EventStoreModule,
  loggerParams,
  ReadModelsModule,
} from '@serial/runtime';

/** The projector alone: the event store, the read store and the loop between them; no HTTP. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.logLevel)),
        EventStoreModule.forRoot(config, { writer: false }),
        ReadModelsModule.forRoot(config, { runProjector: true }),
      ],
    };
  }
}
