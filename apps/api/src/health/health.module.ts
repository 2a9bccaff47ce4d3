import { Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@serial/event-store';
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
      inject: [EVENT_STORE],
      useFactory: (eventStore: EventStore): ReadinessCheck[] => [eventStoreCheck(eventStore)],
    },
  ],
})
export class HealthModule {}
