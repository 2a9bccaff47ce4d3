import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import {
  AppConfig,
  AppConfigModule,
  CommandsModule,
  EventStoreModule,
  loggerParams,
  prettyWhenInteractive,
  ReadModelsModule,
  WebhooksModule,
  type WebhooksModuleOptions,
} from '@serial/runtime';
import { FeedModule } from './feed/feed.module';
import type { FeedLimits } from './feed/feed-client';
import { WebhooksApiModule } from './webhooks/webhooks.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { LocationsModule } from './locations/locations.module';
import { ProductsModule } from './products/products.module';
import { MovementsModule } from './movements/movements.module';
import { ScanModule } from './scan/scan.module';
import { SerialsModule } from './serials/serials.module';
import { AssembliesModule } from './assemblies/assemblies.module';
import { RolesGuard } from './auth/roles.guard';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { AdminModule } from './admin/admin.module';
import { MetricsModule } from './metrics/metrics.module';
import { LargeCommandsModule } from './http/large-commands';

export type ModuleImport = Type | DynamicModule;

const featureModules: ModuleImport[] = [
  CommandsModule,
  ProductsModule,
  LocationsModule,
  SerialsModule,
  AssembliesModule,
  AuditModule,
  MovementsModule,
  IdempotencyModule,
  ScanModule,
  AdminModule,
  MetricsModule,
  WebhooksApiModule,
];

export interface AppModuleOptions {
  /** `false` silences every log line (tests). */
  readonly logger?: boolean;
  /** Added after the feature modules; for tests that need routes of their own. */
  readonly imports?: readonly ModuleImport[];
  /** Shorter keep-alive and bounds of the change feed (tests). */
  readonly feed?: Partial<FeedLimits>;
  /** Shorter webhook backoff and timeouts (tests). */
  readonly webhooks?: WebhooksModuleOptions;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(
          options.logger === false
            ? loggerParams('silent')
            : loggerParams(config.logLevel, { pretty: prettyWhenInteractive() }),
        ),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        ReadModelsModule.forRoot(config),
        WebhooksModule.forRoot(config, options.webhooks),
        AuthModule,
        HealthModule,
        LargeCommandsModule,
        ...featureModules,
        FeedModule.forRoot(options.feed),
        ...(options.imports ?? []),
      ],
      providers: [{ provide: APP_GUARD, useClass: RolesGuard }],
    };
  }
}
