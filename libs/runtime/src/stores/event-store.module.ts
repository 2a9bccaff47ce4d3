import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import {
  connectKurrentDbEventStore,
  EVENT_STORE,
  EventStore,
  SqliteEventStore,
  type GroupCommit,
} from '@serial/event-store';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';

export const EVENT_STORE_FILE = 'events.sqlite';
export const GROUP_COMMITS = Symbol('GROUP_COMMITS');

/** Emits 'commit' for every group commit of the embedded store (appends decided, events written): metrics listen. */
export class GroupCommits extends EventEmitter<{ commit: [group: GroupCommit] }> {}

/** The one place that picks the event store adapter (STYLE.md); everything else injects EVENT_STORE. */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: GROUP_COMMITS, useValue: new GroupCommits() },
        {
          provide: EVENT_STORE,
          inject: [GROUP_COMMITS],
          useFactory: (commits: GroupCommits) => openEventStore(config, commits),
        },
      ],
      exports: [EVENT_STORE, GROUP_COMMITS],
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
async function openEventStore(config: AppConfig, commits: GroupCommits): Promise<EventStore> {
  switch (config.eventStore.type) {
    case 'sqlite':
      return SqliteEventStore.open(path.join(config.dataDir, EVENT_STORE_FILE), {
        onGroupCommit: (group) => commits.emit('commit', group),
      });
    case 'kurrentdb':
      return connectKurrentDbEventStore(config.eventStore.connectionString);
  }
}
