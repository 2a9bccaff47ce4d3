import type Database from 'better-sqlite3';
import {
  checkpointOffTheLoop,
  openSqliteDatabase,
  type RecordedEvent,
  type WalCheckpointer,
} from '@serial/event-store';
import { PROJECTION_NAMES, type ProjectionCheckpoint, type ProjectionName } from '../projection-store.port';
import type { TableProjection } from './document-projection';
import { LEDGER_INDEXES, LEDGER_TABLES, LedgerQueries, ledgerProjection } from './ledger-tables';
import { ReadModelQueries } from './queries';
import {
  BUILD_SERIAL_ANCESTORS,
  BUILD_STOCK_COUNTS,
  READ_MODEL_INDEXES,
  READ_MODEL_SCHEMA_VERSION,
  READ_MODEL_TABLES,
} from './schema';
import { tableProjections } from './table-projections';

export interface GenerationOptions {
  /** Create the file when missing; readers of a generation another process names must not. */
  readonly create: boolean;
  /** A rebuild's fresh generation: no secondary indexes and no syncs until `finishBulkLoad`. */
  readonly bulkLoad?: boolean;
  /**
   * Test seam for crash tests: runs inside each batch's transaction, after the documents are written
   * and before the checkpoints are.
   */
  readonly beforeCheckpoint?: (lastPosition: bigint) => void;
}

// 16 MB of pages per generation. The file stays in the kernel's page cache anyway; SQLite's own cache
// only saves the copy out of it. 64 MB made no measurable difference to a rebuild of 351,556 events
// (12.2-16.5 s against 11.5-17.5 s at 8 MB, interleaved runs) nor, at 16 MB, to 10,000-serial commands
// (bench --runs 1 --preload 200000); and during a rebuild two generations are open: 96 MB of the
// service's resident memory for nothing.
const CACHE_SIZE_KIB = 16_384;

/**
 * One database file holding a complete set of read models and their checkpoints. Rebuilding writes a
 * new generation while the active one keeps serving; see SqliteReadStore.
 */
export class ReadModelGeneration {
  readonly queries: ReadModelQueries;
  readonly ledger: LedgerQueries;
  private projections: TableProjection[];
  private readonly readCheckpoints: Database.Statement<[], { name: ProjectionName; position: bigint }>;
  private readonly writeBatch: Database.Transaction<(events: readonly RecordedEvent[]) => void>;
  /** Checkpoints the WAL on a worker thread once the generation serves (not while bulk loading). */
  private checkpointer: WalCheckpointer | undefined;

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private readonly options: GenerationOptions,
  ) {
    this.queries = new ReadModelQueries(db);
    this.ledger = new LedgerQueries(db);
    this.projections = this.projectionsFor(options.bulkLoad ?? false);
    if (!options.bulkLoad) this.checkpointOffTheLoop();
    this.readCheckpoints = db.prepare('SELECT name, position FROM checkpoints');
    const saveCheckpoint = db.prepare<[string, bigint]>(
      `INSERT INTO checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = max(position, excluded.position)`,
    );
    // Checkpoints are read inside the transaction, never cached: another process (a reader asking
    // for progress, or a second projector by mistake) always sees, and builds on, what is committed.
    this.writeBatch = db.transaction((events: readonly RecordedEvent[]) => {
      const last = events[events.length - 1].position;
      const applied = this.checkpointsByName();
      for (const projection of this.projections) {
        const after = applied.get(projection.name) ?? 0n;
        const types = projection.eventTypes;
        const pending = events.filter((e) => e.position > after && (types === 'all' || types.has(e.type)));
        if (pending.length > 0) projection.apply(pending);
      }
      this.options.beforeCheckpoint?.(last);
      for (const { name } of this.projections) {
        if (last > (applied.get(name) ?? 0n)) saveCheckpoint.run(name, last);
      }
    });
  }

  /** Throws OutdatedGenerationError for a generation whose tables have an older shape. */
  static open(file: string, options: GenerationOptions): ReadModelGeneration {
    const db = openSqliteDatabase(file, {
      fileMustExist: !options.create,
      // A power cut may lose the last batches, but documents and checkpoint together: they replay.
      // Nobody reads a generation being bulk loaded, and a crash discards it: it need not sync at all.
      synchronous: options.bulkLoad ? 'OFF' : 'NORMAL',
      cacheSizeKib: CACHE_SIZE_KIB,
      safeIntegers: true,
    });
    try {
      prepareSchema(file, db, options);
      return new ReadModelGeneration(file, db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** All-or-nothing: the batch's documents and every checkpoint commit in one transaction. */
  applyBatch(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    assertAscending(events);
    this.writeBatch.immediate(events);
    this.checkpointer?.committed(events.length);
  }

  /**
   * Builds the indexes, the serials' closure and the stock counts a bulk load went without, keeps them up to date
   * from then on, and makes the generation durable, ready to serve.
   */
  finishBulkLoad(): void {
    this.db.exec(READ_MODEL_INDEXES);
    this.db.exec(LEDGER_INDEXES);
    this.db.exec(BUILD_SERIAL_ANCESTORS);
    this.db.exec(BUILD_STOCK_COUNTS);
    this.projections = this.projectionsFor(false);
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.checkpointOffTheLoop();
  }

  /** In PROJECTION_NAMES order, whatever order the batch applies them in. */
  checkpoints(): ProjectionCheckpoint[] {
    const applied = this.checkpointsByName();
    return PROJECTION_NAMES.map((name) => ({ name, position: applied.get(name) ?? 0n }));
  }

  /** The lowest checkpoint, where a subscription resumes without any projection missing an event. */
  checkpoint(): bigint {
    const positions = this.checkpoints().map(({ position }) => position);
    return positions.reduce((lowest, position) => (position < lowest ? position : lowest));
  }

  /** The ledger last: a batch that another projection refuses fails there first, naming that one. */
  private projectionsFor(bulkLoad: boolean): TableProjection[] {
    return [...tableProjections(this.db, { bulkLoad }), ledgerProjection(this.db, this.ledger)];
  }

  close(): void {
    // The worker closes its own connection on its own time; it holds no lock the next owner needs.
    void this.checkpointer?.close();
    this.checkpointer = undefined;
    if (this.db.open) this.db.close();
  }

  /**
   * A batch's COMMIT that crosses SQLite's automatic checkpoint copied the WAL into the file on the
   * event loop (tens of ms after a 10,000-serial command): the worker does it instead.
   */
  private checkpointOffTheLoop(): void {
    if (this.file === ':memory:' || this.file === '' || this.checkpointer) return;
    this.checkpointer = checkpointOffTheLoop(this.db, this.file, { synchronous: 'NORMAL' });
  }

  private checkpointsByName(): Map<ProjectionName, bigint> {
    return new Map(this.readCheckpoints.all().map((row) => [row.name, row.position]));
  }
}

function assertAscending(events: readonly RecordedEvent[]): void {
  for (let index = 1; index < events.length; index += 1) {
    if (events[index].position <= events[index - 1].position) {
      throw new RangeError('A batch must hold events in strictly ascending position order');
    }
  }
}

/** A generation written by another version of the service, with tables of another shape. */
export class OutdatedGenerationError extends Error {
  constructor(
    readonly file: string,
    readonly version: number,
  ) {
    super(`Read models ${file} have schema version ${version}, not ${READ_MODEL_SCHEMA_VERSION}`);
    this.name = 'OutdatedGenerationError';
  }
}

function prepareSchema(file: string, db: Database.Database, options: GenerationOptions): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  const tables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'serials'");
  if (version !== READ_MODEL_SCHEMA_VERSION && tables.get() !== undefined) {
    throw new OutdatedGenerationError(file, version);
  }
  db.exec(READ_MODEL_TABLES);
  db.exec(LEDGER_TABLES);
  if (!options.bulkLoad) {
    db.exec(READ_MODEL_INDEXES);
    db.exec(LEDGER_INDEXES);
  }
  if (version !== READ_MODEL_SCHEMA_VERSION) db.pragma(`user_version = ${READ_MODEL_SCHEMA_VERSION}`);
}
