import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connectKurrentDbEventStore, EVENT_STORE, EventStore, SqliteEventStore } from '@serial/event-store';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';

export const EVENT_STORE_FILE = 'events.sqlite';

/** The one place that picks the event store adapter (STYLE.md); everything else injects EVENT_STORE. */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [{ provide: EVENT_STORE, useFactory: () => openEventStore(config) }],
      exports: [EVENT_STORE],
    };
  }

  // The last shutdown phase, so that the projector and handlers are done with the store.
  async onApplicationShutdown(): Promise<void> {
    await this.eventStore.close();
  }
}

/**
 * Async for KurrentDB: the store checks at start that the server is reachable, 25.1 or later and lets the
 * configured user read $all, so a wrong EVENTSTORE_CONNECTION_STRING stops the service with that reason
 * instead of failing on the first request.
 */
async function openEventStore(config: AppConfig): Promise<EventStore> {
  switch (config.eventStore.type) {
    case 'sqlite':
      return SqliteEventStore.open(path.join(config.dataDir, EVENT_STORE_FILE));
    case 'kurrentdb':
      return connectKurrentDbEventStore(config.eventStore.connectionString);
  }
}
