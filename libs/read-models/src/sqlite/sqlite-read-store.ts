import { basename, join } from 'node:path';
import {
  guardSqlite,
  makePrivateDirectory,
  sqliteStoreClosed,
  type RecordedEvent,
  type SubtreeAddress,
} from '@serial/event-store';
import type { LedgerReader, LedgerTip } from '../ledger/ledger-reader.port';
import type { ProjectionCheckpoint, ProjectionStore, RebuildTarget } from '../projection-store.port';
import type { ReadStore } from '../read-store.port';
import { OutdatedGenerationError, ReadModelGeneration } from './generation';
import { QueryForwardingReadStore, type GenerationQueries } from '../query-forwarding-read-store';
import {
  generationNames,
  nextGenerationName,
  readActiveGeneration,
  removeGeneration,
  writeActiveGeneration,
} from './generation-files';

export interface SqliteReadStoreOptions {
  /** How often to re-read which generation is active, to follow a rebuild swapped in by another process. */
  readonly pointerCheckIntervalMs?: number;
  /** Test seam for crash tests, see GenerationOptions. */
  readonly beforeCheckpoint?: (lastPosition: bigint) => void;
}

const STORE = 'read store';

/**
 * The embedded read store: a directory of generations, one SQLite file each, and a pointer naming the
 * active one. Queries and the projector's writes go to the active generation; a rebuild fills a new one
 * and swaps it in by rewriting the pointer. One process writes (the projector); others may read.
 */
export class SqliteReadStore
  extends QueryForwardingReadStore
  implements ReadStore, ProjectionStore, LedgerReader
{
  private rebuilding: ReadModelGeneration | null = null;
  private pointerCheckedAt = Date.now();
  private closed = false;

  private constructor(
    private readonly directory: string,
    private active: ReadModelGeneration,
    private readonly options: SqliteReadStoreOptions,
  ) {
    super();
  }

  /** Opens (creating when missing) the read models in `directory`, e.g. `${DATA_DIR}/read-models`. */
  static open(directory: string, options: SqliteReadStoreOptions = {}): SqliteReadStore {
    makePrivateDirectory(directory);
    const named = readActiveGeneration(directory);
    if (named === null) return new SqliteReadStore(directory, freshGeneration(directory, options), options);
    try {
      return new SqliteReadStore(directory, openNamed(directory, named, options), options);
    } catch (error) {
      if (!(error instanceof OutdatedGenerationError)) throw error;
      // Written by an older version: the projector fills a new generation from position 0.
      const fresh = freshGeneration(directory, options);
      removeGeneration(directory, named);
      return new SqliteReadStore(directory, fresh, options);
    }
  }

  async ping(): Promise<void> {
    this.guard(() => this.current().queries.ping());
  }

  async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    this.guard(() => this.current().applyBatch(events));
  }

  async checkpoint(): Promise<bigint> {
    return this.guard(() => this.current().checkpoint());
  }

  async checkpoints(): Promise<ProjectionCheckpoint[]> {
    return this.guard(() => this.current().checkpoints());
  }

  async ledgerTip(): Promise<LedgerTip> {
    return this.guard(() => this.current().ledger.tip());
  }

  async ledgerLeafIndex(position: bigint): Promise<number | null> {
    return this.guard(() => this.current().ledger.leafIndex(position));
  }

  async ledgerSubtrees(addresses: readonly SubtreeAddress[]): Promise<ReadonlyMap<string, Buffer>> {
    return this.guard(() => this.current().ledger.subtrees(addresses));
  }

  async beginRebuild(): Promise<RebuildTarget> {
    const activeName = basename(this.current().file);
    if (this.rebuilding) throw new Error('A rebuild of the read models is already in progress');
    const file = join(this.directory, nextGenerationName(this.directory));
    // Leftovers of a rebuild that a crash interrupted: never active, so nobody reads them.
    for (const name of generationNames(this.directory)) {
      if (name !== activeName) removeGeneration(this.directory, name);
    }
    const generation = ReadModelGeneration.open(file, { ...this.options, create: true, bulkLoad: true });
    this.rebuilding = generation;
    return {
      applyBatch: async (events) => this.guard(() => generation.applyBatch(events)),
      finishBulkLoad: async () => this.guard(() => generation.finishBulkLoad()),
      checkpoint: async () => this.guard(() => generation.checkpoint()),
      swapIn: async () => this.swapIn(generation),
      discard: async () => this.discard(generation),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.rebuilding) this.discard(this.rebuilding);
    this.active.close();
  }

  private swapIn(generation: ReadModelGeneration): void {
    if (this.rebuilding !== generation) throw new Error('This rebuild was discarded');
    writeActiveGeneration(this.directory, basename(generation.file));
    const replaced = this.active;
    this.active = generation;
    this.rebuilding = null;
    replaced.close();
    removeGeneration(this.directory, basename(replaced.file));
  }

  private discard(generation: ReadModelGeneration): void {
    if (this.rebuilding === generation) this.rebuilding = null;
    generation.close();
    removeGeneration(this.directory, basename(generation.file));
  }

  protected read<T>(query: (queries: GenerationQueries) => T | Promise<T>): T | Promise<T> {
    return this.guard(() => query(this.current().queries));
  }

  private current(): ReadModelGeneration {
    if (this.closed) throw sqliteStoreClosed(STORE);
    const interval = this.options.pointerCheckIntervalMs ?? 1000;
    if (Date.now() - this.pointerCheckedAt >= interval) this.followPointer();
    return this.active;
  }

  /** Another process swapped in a rebuild: switch to it; its old file is already unlinked. */
  private followPointer(): void {
    this.pointerCheckedAt = Date.now();
    const name = readActiveGeneration(this.directory);
    if (!name || name === basename(this.active.file) || this.rebuilding) return;
    let next: ReadModelGeneration;
    try {
      next = ReadModelGeneration.open(join(this.directory, name), { ...this.options, create: false });
    } catch {
      return; // swapped again meanwhile; the next check finds the newer one
    }
    this.active.close();
    this.active = next;
  }

  private guard<T>(action: () => T): T {
    return guardSqlite(STORE, action);
  }
}

/**
 * The generation the pointer names. Missing, it was either just replaced by another process's swap
 * (the pointer now names its successor) or lost, and is then recreated empty: its checkpoints are 0
 * and the projector replays everything.
 */
function openNamed(directory: string, named: string, options: SqliteReadStoreOptions): ReadModelGeneration {
  try {
    return ReadModelGeneration.open(join(directory, named), { ...options, create: false });
  } catch (error) {
    if (error instanceof OutdatedGenerationError) throw error;
    const name = readActiveGeneration(directory) ?? named;
    return ReadModelGeneration.open(join(directory, name), { ...options, create: true });
  }
}

/** A new, empty generation, made the active one. */
function freshGeneration(directory: string, options: SqliteReadStoreOptions): ReadModelGeneration {
  const name = nextGenerationName(directory);
  const created = ReadModelGeneration.open(join(directory, name), { ...options, create: true });
  writeActiveGeneration(directory, name);
  return created;
}
