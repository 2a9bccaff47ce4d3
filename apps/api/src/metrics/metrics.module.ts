import { Module } from '@nestjs/common';
import type { Projector } from '@serial/read-models';
import { PROJECTOR } from '../infrastructure/read-models.module';
import { PROJECTION_BATCHES, type ProjectionBatches } from '../infrastructure/projection-batches';
import { ServiceMetrics } from './metrics';
import { MetricsController } from './metrics.controller';

@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: ServiceMetrics,
      inject: [PROJECTOR, PROJECTION_BATCHES],
      useFactory: (projector: Projector, batches: ProjectionBatches) => {
        const metrics = new ServiceMetrics(projector);
        batches.on('batch', (events, seconds) => metrics.recordBatch(events, seconds));
        return metrics;
      },
    },
  ],
  exports: [ServiceMetrics],
})
export class MetricsModule {}
