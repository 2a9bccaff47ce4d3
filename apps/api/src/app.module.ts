import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommandsModule } from './commands/commands.module';
import { MasterDataModule } from './master-data/master-data.module';
import { MovementsModule } from './movements/movements.module';
import { ScanModule } from './scan/scan.module';
import { SerialsModule } from './serials/serials.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { loggerParams } from './http/logging';
import { EventStoreModule } from './infrastructure/event-store.module';
import { ReadModelsModule } from './infrastructure/read-models.module';
import { AdminModule } from './admin/admin.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueriesModule } from './queries/queries.module';

export type ModuleImport = Type | DynamicModule;

const featureModules: ModuleImport[] = [
  CommandsModule,
  MasterDataModule,
  SerialsModule,
  AuditModule,
  MovementsModule,
  IdempotencyModule,
  ScanModule,
  QueriesModule,
  AdminModule,
  MetricsModule,
];

export interface AppModuleOptions {
  /** `false` silences every log line (tests). */
  readonly logger?: boolean;
  /** Added after the feature modules; for tests that need routes of their own. */
  readonly imports?: readonly ModuleImport[];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(options.logger === false ? 'silent' : config.logLevel)),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        ReadModelsModule.forRoot(config),
        AuthModule,
        HealthModule,
        ...featureModules,
        ...(options.imports ?? []),
      ],
      providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
    };
  }
}
