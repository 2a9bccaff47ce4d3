import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../api/src/config/app-config';
import { AppConfigModule } from '../../api/src/config/config.module';
import { loggerParams } from '../../api/src/http/logging';
import { EventStoreModule } from '../../api/src/infrastructure/event-store.module';
import { ReadModelsModule } from '../../api/src/infrastructure/read-models.module';

/** The projector alone: the event store, the read store and the loop between them; no HTTP. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.logLevel)),
        EventStoreModule.forRoot(config),
        ReadModelsModule.forRoot(config, { runProjector: true }),
      ],
    };
  }
}
