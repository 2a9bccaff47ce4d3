import { Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@serial/event-store';
import { READ_STORE, type ReadStore } from '@serial/read-models';
import { HealthController } from './health.controller';
import { eventStoreCheck, READINESS_CHECKS, ReadinessCheck } from './readiness';

/**
 * To report on another dependency (the read store), add its token to `inject` and its check to
 * the list. EVENT_STORE comes from the global EventStoreModule.
 */
@Module({
  controllers: [HealthController],
  providers: [
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
