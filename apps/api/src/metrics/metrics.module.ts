import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Projector } from '@serial/read-models';
import { PROJECTOR } from '../infrastructure/read-models.module';
import { ServiceMetrics } from './metrics';
import { CommandMetricsInterceptor } from './metrics.interceptor';
import { MetricsController } from './metrics.controller';

@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: ServiceMetrics,
      inject: [PROJECTOR],
      useFactory: (projector: Projector) => new ServiceMetrics(projector),
    },
    { provide: APP_INTERCEPTOR, useClass: CommandMetricsInterceptor },
  ],
})
export class MetricsModule {}
