import { Module } from '@nestjs/common';
import type { Projector } from '@serial/read-models';
import {
  GROUP_COMMITS,
  type GroupCommits,
  PROJECTOR,
  PROJECTION_BATCHES,
  type ProjectionBatches,
} from '@serial/runtime';
import { ServiceMetrics } from './metrics';
import { MetricsController } from './metrics.controller';

@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: ServiceMetrics,
      inject: [PROJECTOR, PROJECTION_BATCHES, GROUP_COMMITS],
      useFactory: (projector: Projector, batches: ProjectionBatches, commits: GroupCommits) => {
        const metrics = new ServiceMetrics(projector);
        batches.on('batch', (events, seconds) => metrics.recordBatch(events, seconds));
        commits.on('commit', (group) => metrics.recordGroupCommit(group.appends));
        return metrics;
      },
    },
  ],
  exports: [ServiceMetrics],
})
export class MetricsModule {}
