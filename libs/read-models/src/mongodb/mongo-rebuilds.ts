import type { ClientSession, Db } from 'mongodb';
import type { RebuildTarget } from '../projection-store.port';
import { applyBatchTo, lowestCheckpoint, readCheckpoints } from './batch-writer';
import {
  dropGeneration,
  MongoGeneration,
  pointViews,
  readActiveGeneration,
  reserveNextGeneration,
  storedGenerations,
  swapActiveGeneration,
} from './generations';

export interface RebuildsContext {
  readonly dropReplacedAfterMs: number;
  readonly inTransaction: <T>(work: (session?: ClientSession) => Promise<T>) => Promise<T>;
  readonly onSwap: (generation: MongoGeneration) => void;
}

/**
 * Rebuilds into a fresh generation while the active one serves. The replaced generation is dropped
 * only after a grace period: other instances re-read the pointer about once a second, and until then
 * they must find the old collections whole rather than emptied.
 */
export class MongoRebuilds {
  private current: MongoGeneration | 'starting' | null = null;
  private replaced: { readonly generation: number; readonly timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly db: Db,
    private readonly context: RebuildsContext,
  ) {}

  async begin(active: MongoGeneration): Promise<RebuildTarget> {
    if (this.current !== null) throw new Error('A rebuild of the read models is already in progress');
    this.current = 'starting';
    try {
      // Leftovers of a rebuild that a crash interrupted: never active, so nobody reads them.
      const keep = new Set([active.generation, this.replaced?.generation]);
      for (const stored of await storedGenerations(this.db)) {
        if (!keep.has(stored)) await dropGeneration(this.db, stored);
      }
      const generation = new MongoGeneration(this.db, await reserveNextGeneration(this.db));
      await generation.create({ queryIndexes: false });
      this.current = generation;
      return this.target(generation);
    } catch (error) {
      this.current = null;
      throw error;
    }
  }

  /** Leaves a pending drop to the next rebuild's clean-up rather than keeping the process alive. */
  async close(): Promise<void> {
    if (this.replaced) clearTimeout(this.replaced.timer);
    this.replaced = null;
  }

  private target(generation: MongoGeneration): RebuildTarget {
    return {
      applyBatch: (events) =>
        this.context.inTransaction((session) => applyBatchTo(generation, events, session)),
      checkpoint: async () => lowestCheckpoint(await readCheckpoints(generation)),
      finishBulkLoad: () => generation.createQueryIndexes(),
      swapIn: () => this.swapIn(generation),
      discard: () => this.discard(generation),
    };
  }

  private async swapIn(generation: MongoGeneration): Promise<void> {
    if (this.current !== generation) throw new Error('This rebuild was discarded');
    const replaced = await readActiveGeneration(this.db);
    if (replaced === null) throw new Error('The read_models pointer is missing');
    await swapActiveGeneration(this.db, replaced, generation.generation);
    this.current = null;
    this.context.onSwap(generation);
    this.dropLater(replaced);
    try {
      await pointViews(this.db, generation.generation, { replace: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Swapped in, but the reporting views could not follow: ${reason}`, { cause: error });
    }
  }

  /** Never drops the active generation, even when asked after a swap that went through. */
  private async discard(generation: MongoGeneration): Promise<void> {
    if (this.current === generation) this.current = null;
    if ((await readActiveGeneration(this.db)) === generation.generation) return;
    await generation.drop();
  }

  private dropLater(generation: number): void {
    if (this.replaced) {
      clearTimeout(this.replaced.timer);
      void dropGeneration(this.db, this.replaced.generation).catch(() => undefined);
    }
    const timer = setTimeout(() => {
      this.replaced = null;
      // A failed drop leaves collections that the next rebuild's clean-up removes.
      void dropGeneration(this.db, generation).catch(() => undefined);
    }, this.context.dropReplacedAfterMs);
    timer.unref();
    this.replaced = { generation, timer };
  }
}
