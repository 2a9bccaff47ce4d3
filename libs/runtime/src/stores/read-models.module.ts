import {
  DynamicModule,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import {
  connectMongoReadStore,
  LEDGER_READER,
  LeasedProjector,
  PROJECTION_STORE,
  READ_MODEL_PROGRESS,
  readModelProgress,
  Projector,
  ProjectorLease,
  READ_STORE,
  rebuildOnlyWithLease,
  SqliteReadStore,
  type LeaseStore,
  type LedgerReader,
  type ProjectionStore,
  type ReadModelProgress,
  type ReadStore,
} from '@serial/read-models';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { DataDirectoryLock } from './data-directory-lock';
import { PROJECTION_BATCHES, ProjectionBatches, timedBatches } from './projection-batches';
import { PROJECTOR_COMPANIONS, ProjectorCompanions } from './projector-companions';

export const READ_MODELS_DIR = 'read-models';
export const PROJECTOR = Symbol('PROJECTOR');
/** Whether this process applies events (PROJECTOR=inline, or the projector app) or only reads. */
export const RUNS_PROJECTOR = Symbol('RUNS_PROJECTOR');
/** A standby takes over at most this long (plus one retry) after the holder died without releasing. */
const LEASE_TERM_MS = 15_000;
const OPENED_READ_STORE = Symbol('OPENED_READ_STORE');
const PROJECTOR_RUNNER = Symbol('PROJECTOR_RUNNER');

type ReadModelStore = ReadStore & ProjectionStore & LedgerReader;

/** The store, and with MongoDB the lease document through which projector instances take turns. */
interface OpenedReadStore {
  readonly store: ReadModelStore;
  readonly leaseStore: LeaseStore | null;
  /** The data directory's `read-models` lock while this process projects into the embedded store. */
  readonly lock: DataDirectoryLock | null;
}

/** With a lease (MongoDB, projecting here), the projector runs only while this instance holds it. */
interface ProjectorRunner {
  readonly projector: Projector;
  readonly leased: LeasedProjector | null;
}

/**
 * The one place that picks the read store adapter and runs the projector. With PROJECTOR=off the
 * projector object still exists here, unstarted, to report checkpoints and lag; another process
 * (apps/projector) applies the events. With MongoDB any number of processes may project: they take a
 * lease, one applies events and the others stand by (SQLite needs none: one process writes its files).
 */
@Module({})
export class ReadModelsModule implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    @Inject(PROJECTOR_RUNNER) private readonly runner: ProjectorRunner,
    @Inject(RUNS_PROJECTOR) private readonly runsProjector: boolean,
    @Inject(OPENED_READ_STORE) private readonly opened: OpenedReadStore,
    @Inject(PROJECTOR_COMPANIONS) private readonly companions: ProjectorCompanions,
  ) {}

  static forRoot(config: AppConfig, options: { runProjector?: boolean } = {}): DynamicModule {
    const runsProjector = options.runProjector ?? config.projector === 'inline';
    return {
      module: ReadModelsModule,
      global: true,
      providers: [
        { provide: OPENED_READ_STORE, useFactory: () => openReadStore(config, runsProjector) },
        {
          provide: READ_STORE,
          inject: [OPENED_READ_STORE],
          useFactory: (opened: OpenedReadStore) => opened.store,
        },
        { provide: PROJECTION_STORE, useExisting: READ_STORE },
        { provide: LEDGER_READER, useExisting: READ_STORE },
        { provide: RUNS_PROJECTOR, useValue: runsProjector },
        { provide: PROJECTION_BATCHES, useValue: new ProjectionBatches() },
        { provide: PROJECTOR_COMPANIONS, useValue: new ProjectorCompanions() },
        {
          provide: PROJECTOR_RUNNER,
          inject: [EVENT_STORE, OPENED_READ_STORE, PROJECTION_BATCHES, PROJECTOR_COMPANIONS],
          useFactory: (
            events: EventStore,
            opened: OpenedReadStore,
            batches: ProjectionBatches,
            companions: ProjectorCompanions,
          ) => projectorRunner(events, opened, runsProjector, batches, companions),
        },
        {
          provide: PROJECTOR,
          inject: [PROJECTOR_RUNNER],
          useFactory: (runner: ProjectorRunner) => runner.projector,
        },
        {
          provide: READ_MODEL_PROGRESS,
          inject: [PROJECTOR_RUNNER, PROJECTION_STORE],
          useFactory: (runner: ProjectorRunner, store: ProjectionStore): ReadModelProgress =>
            readModelProgress(runner, store, runsProjector),
        },
      ],
      exports: [
        READ_STORE,
        PROJECTION_STORE,
        LEDGER_READER,
        PROJECTOR,
        RUNS_PROJECTOR,
        READ_MODEL_PROGRESS,
        PROJECTION_BATCHES,
        PROJECTOR_COMPANIONS,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsProjector) return;
    const { projector, leased } = this.runner;
    if (leased) {
      await leased.start();
      if (!leased.isActive) this.logger.log('Another instance holds the projector lease; standing by');
      return;
    }
    await projector.start();
    this.logger.log(`Projecting from position ${projector.checkpoint}`);
    await this.companions.start();
  }

  /** Before the stores close (their modules close them on application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.runner.leased?.stop();
    await this.companions.stop();
    await this.runner.projector.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.opened.store.close();
    this.opened.lock?.release();
  }
}

/**
 * Async for MongoDB: the store connects at start (bounded by a timeout) and creates its collections
 * and indexes, so a wrong or unreachable MONGODB_URI stops the service with that reason instead of
 * failing on the first request.
 */
async function openReadStore(config: AppConfig, runsProjector: boolean): Promise<OpenedReadStore> {
  switch (config.readStore.type) {
    case 'sqlite': {
      const lock = runsProjector ? DataDirectoryLock.acquire(config.dataDir, 'read-models') : null;
      try {
        const store = SqliteReadStore.open(path.join(config.dataDir, READ_MODELS_DIR));
        return { store, leaseStore: null, lock };
      } catch (error) {
        lock?.release();
        throw error;
      }
    }
    case 'mongodb': {
      const store = await connectMongoReadStore(config.readStore.uri, config.readStore.database);
      return { store, leaseStore: store.projectorLeaseStore(), lock: null };
    }
  }
}

function projectorRunner(
  events: EventStore,
  opened: OpenedReadStore,
  runsProjector: boolean,
  batches: ProjectionBatches,
  companions: ProjectorCompanions,
): ProjectorRunner {
  const logger = new Logger('Projector');
  if (!opened.leaseStore || !runsProjector) {
    return {
      projector: new Projector(events, timedBatches(opened.store, batches), { logger }),
      leased: null,
    };
  }
  let leased: LeasedProjector | null = null;
  const store = timedBatches(
    rebuildOnlyWithLease(opened.store, () => leased?.isActive ?? false),
    batches,
  );
  const projector = new Projector(events, store, { logger });
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const lease = new ProjectorLease(opened.leaseStore, owner, {
    termMs: LEASE_TERM_MS,
    clock: () => new Date(),
  });
  leased = new LeasedProjector(companions.around(projector), lease, {
    renewEveryMs: LEASE_TERM_MS / 3,
    standbyRetryMs: LEASE_TERM_MS / 3,
    logger: new Logger('ProjectorLease'),
  });
  return { projector, leased };
}
