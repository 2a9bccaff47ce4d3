import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@serial/event-store';
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

function openEventStore(config: AppConfig): EventStore {
  switch (config.eventStore.type) {
    case 'sqlite':
      return SqliteEventStore.open(path.join(config.dataDir, EVENT_STORE_FILE));
    case 'kurrentdb':
      throw new Error('EVENT_STORE=kurrentdb is not available in this build yet; use EVENT_STORE=sqlite');
  }
}
