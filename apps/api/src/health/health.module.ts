import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '@serial/event-store';
import { READ_STORE, type ReadStore } from '@serial/read-models';
import { HealthController } from './health.controller';
import { eventStoreCheck, Readiness, READINESS_CHECKS, ReadinessCheck } from './readiness';

/**
 * To report on another dependency, add its token to `inject` and its check to the list (and its
 * name to the description of ReadinessReportDto.checks). EVENT_STORE comes from the global EventStoreModule.
 */
@Module({
  // Terminus would log every failed probe at error level; the 503 says it, and the orchestrator acts on it.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    Readiness,
    {
      provide: READINESS_CHECKS,
      inject: [EVENT_STORE, READ_STORE],
      useFactory: (eventStore: EventStore, readStore: ReadStore): ReadinessCheck[] => [
        eventStoreCheck(eventStore),
        { name: 'readStore', check: () => readStore.ping() },
      ],
    },
  ],
})
export class HealthModule {}
