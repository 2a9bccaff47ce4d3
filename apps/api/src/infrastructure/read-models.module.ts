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
  PROJECTION_STORE,
  Projector,
  READ_STORE,
  SqliteReadStore,
  type ProjectionStore,
  type ReadStore,
} from '@serial/read-models';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../queries/read-your-writes';

export const READ_MODELS_DIR = 'read-models';
export const PROJECTOR = Symbol('PROJECTOR');
/** Whether this process applies events (PROJECTOR=inline, or the projector app) or only reads. */
export const RUNS_PROJECTOR = Symbol('RUNS_PROJECTOR');
const CHECKPOINT_POLL_MS = 20;

type ReadModelStore = ReadStore & ProjectionStore;

/**
 * The one place that picks the read store adapter and runs the projector. With PROJECTOR=off the
 * projector object still exists here, unstarted, to report checkpoints and lag; another process
 * (apps/projector) applies the events.
 */
@Module({})
export class ReadModelsModule implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(RUNS_PROJECTOR) private readonly runsProjector: boolean,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  static forRoot(config: AppConfig, options: { runProjector?: boolean } = {}): DynamicModule {
    const runsProjector = options.runProjector ?? config.projector === 'inline';
    return {
      module: ReadModelsModule,
      global: true,
      providers: [
        { provide: READ_STORE, useFactory: () => openReadStore(config) },
        { provide: PROJECTION_STORE, useExisting: READ_STORE },
        { provide: RUNS_PROJECTOR, useValue: runsProjector },
        {
          provide: PROJECTOR,
          inject: [EVENT_STORE, PROJECTION_STORE],
          useFactory: (events: EventStore, store: ProjectionStore) =>
            new Projector(events, store, { logger: new Logger('Projector') }),
        },
        {
          provide: READ_MODEL_PROGRESS,
          inject: [PROJECTOR, PROJECTION_STORE],
          useFactory: (projector: Projector, store: ProjectionStore): ReadModelProgress =>
            runsProjector
              ? projector
              : { waitForPosition: (position, timeoutMs) => pollCheckpoint(store, position, timeoutMs) },
        },
      ],
      exports: [READ_STORE, PROJECTION_STORE, PROJECTOR, RUNS_PROJECTOR, READ_MODEL_PROGRESS],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsProjector) return;
    await this.projector.start();
    this.logger.log(`Projecting from position ${this.projector.checkpoint}`);
  }

  /** Before the stores close (their modules close them on application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.projector.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
  }
}

function openReadStore(config: AppConfig): ReadModelStore {
  switch (config.readStore.type) {
    case 'sqlite':
      return SqliteReadStore.open(path.join(config.dataDir, READ_MODELS_DIR));
    case 'mongodb':
      throw new Error('READ_STORE=mongodb is not available in this build yet; use READ_STORE=sqlite');
  }
}

/** Without a projector in this process, the stored checkpoint is the only sign of progress. */
async function pollCheckpoint(store: ProjectionStore, position: bigint, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await store.checkpoint()) >= position) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_POLL_MS));
  }
}
