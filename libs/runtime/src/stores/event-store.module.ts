import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
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
import { DataDirectoryLock } from './data-directory-lock';

export const EVENT_STORE_FILE = 'events.sqlite';
export const GROUP_COMMITS = Symbol('GROUP_COMMITS');
const OPENED_EVENT_STORE = Symbol('OPENED_EVENT_STORE');

/** The store, and the data directory's `events` lock while this process writes the embedded store. */
interface OpenedEventStore {
  readonly store: EventStore;
  readonly lock: DataDirectoryLock | null;
}

export interface EventStoreModuleOptions {
  /**
   * Whether this process appends (the api) or only reads (the projector process): one writer per data
   * directory holds its `events` lock. Default true.
   */
  readonly writer?: boolean;
}

/** Emits 'commit' for every group commit of the embedded store (appends decided, events written): metrics listen. */
export class GroupCommits extends EventEmitter<{ commit: [group: GroupCommit] }> {}

/** The one place that picks the event store adapter (STYLE.md); everything else injects EVENT_STORE. */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(OPENED_EVENT_STORE) private readonly opened: OpenedEventStore) {}

  static forRoot(config: AppConfig, options: EventStoreModuleOptions = {}): DynamicModule {
    const writer = options.writer ?? true;
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: GROUP_COMMITS, useValue: new GroupCommits() },
        {
          provide: OPENED_EVENT_STORE,
          inject: [GROUP_COMMITS],
          useFactory: (commits: GroupCommits) => openEventStore(config, commits, writer),
        },
        {
          provide: EVENT_STORE,
          inject: [OPENED_EVENT_STORE],
          useFactory: (opened: OpenedEventStore) => opened.store,
        },
      ],
      exports: [EVENT_STORE, GROUP_COMMITS],
    };
  }

  // The last shutdown phase, so that the projector and handlers are done with the store; the lock goes
  // only once the store is closed, so a successor never opens it while this process still writes.
  async onApplicationShutdown(): Promise<void> {
    await this.opened.store.close();
    this.opened.lock?.release();
  }
}

/**
 * Async for KurrentDB: the store checks at start that the server is reachable, 25.1 or later and lets the
 * configured user read $all, so a wrong EVENTSTORE_CONNECTION_STRING stops the service with that reason
 * instead of failing on the first request.
 */
async function openEventStore(
  config: AppConfig,
  commits: GroupCommits,
  writer: boolean,
): Promise<OpenedEventStore> {
  switch (config.eventStore.type) {
    case 'sqlite': {
      const lock = writer ? DataDirectoryLock.acquire(config.dataDir, 'events') : null;
      try {
        const store = SqliteEventStore.open(path.join(config.dataDir, EVENT_STORE_FILE), {
          onGroupCommit: (group) => commits.emit('commit', group),
          onCheckpointFailure: (error) =>
            new Logger('EventStore').warn(
              `WAL checkpoints are back on the writer (slower answers while large commands run): ${error.message}`,
            ),
        });
        return { store, lock };
      } catch (error) {
        lock?.release();
        throw error;
      }
    }
    case 'kurrentdb':
      return { store: await connectKurrentDbEventStore(config.eventStore.connectionString), lock: null };
  }
}
