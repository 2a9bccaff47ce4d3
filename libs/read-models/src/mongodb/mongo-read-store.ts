import { MongoClient, type ClientSession, type Db } from 'mongodb';
import { StoreUnavailableError, type RecordedEvent, type SubtreeAddress } from '@serial/event-store';
import type { LedgerReader, LedgerTip } from '../ledger/ledger-reader.port';
import type { ProjectionCheckpoint, ProjectionStore, RebuildTarget } from '../projection-store.port';
import type { ReadStore } from '../read-store.port';
import { applyBatchTo, lowestCheckpoint, readCheckpoints } from './batch-writer';
import { clientOptions, DEFAULT_CONNECT_TIMEOUT_MS, supportsTransactions } from './deployment';
import { MongoGeneration, openActiveGeneration, readActiveGeneration } from './generations';
import { connectError, invalidUriError, toStoreError } from './mongo-errors';
import { MongoLedgerQueries } from './mongo-ledger';
import { LEASE_COLLECTION, MongoLeaseStore, type LeaseDocument } from './mongo-lease-store';
import { MongoQueries } from './mongo-queries';
import { MongoRebuilds } from './mongo-rebuilds';
import { QueryForwardingReadStore, type GenerationQueries } from '../query-forwarding-read-store';

export interface MongoReadStoreOptions {
  /** Bounds server selection at start and after; an unreachable server fails within it. 10 s. */
  readonly connectTimeoutMs?: number;
  /** How often queries re-read which generation is active, to follow a rebuild swapped in elsewhere. */
  readonly pointerCheckIntervalMs?: number;
  /** How long a replaced generation is kept for instances that have not yet seen the swap. */
  readonly dropReplacedAfterMs?: number;
}

/**
 * The production read store (DESIGN.md "Read store port and read models") on the official driver.
 * Queries read the active generation; the projector's batches re-read the pointer each time, inside
 * the batch's transaction where the deployment has transactions (a replica set), so a batch never
 * lands in generations a swap replaced.
 */
export class MongoReadStore
  extends QueryForwardingReadStore
  implements ReadStore, ProjectionStore, LedgerReader
{
  private active: MongoGeneration;
  private pointerCheckedAt = Date.now();
  private closed = false;
  private readonly rebuilds: MongoRebuilds;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    active: MongoGeneration,
    readonly transactions: boolean,
    private readonly options: MongoReadStoreOptions,
  ) {
    super();
    this.active = active;
    this.rebuilds = new MongoRebuilds(db, {
      dropReplacedAfterMs: options.dropReplacedAfterMs ?? 60_000,
      inTransaction: (work) => this.inTransaction(work),
      onSwap: (generation) => (this.active = generation),
    });
  }

  /**
   * Connects, learns whether transactions are available (`hello`), and creates the active
   * generation's collections, indexes and views when missing. Throws StoreUnavailableError with the
   * reason, never the URI, when the server is unreachable, refuses the credentials or the URI is wrong.
   */
  static async connect(
    uri: string,
    database: string,
    options: MongoReadStoreOptions = {},
  ): Promise<MongoReadStore> {
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    let client: MongoClient;
    try {
      client = new MongoClient(uri, clientOptions(timeoutMs));
    } catch (error) {
      throw invalidUriError(error);
    }
    try {
      await client.connect();
      const db = client.db(database);
      const transactions = supportsTransactions(await db.command({ hello: 1 }));
      return new MongoReadStore(client, db, await openActiveGeneration(db), transactions, options);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw connectError(error, timeoutMs);
    }
  }

  async ping(): Promise<void> {
    await this.guard(() => this.db.command({ ping: 1 }));
  }

  async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    await this.guard(() =>
      this.inTransaction(async (session) => applyBatchTo(await this.writable(session), events, session)),
    );
  }

  async checkpoint(): Promise<bigint> {
    return lowestCheckpoint(await this.checkpoints());
  }

  async checkpoints(): Promise<ProjectionCheckpoint[]> {
    return this.guard(async () => readCheckpoints(await this.writable()));
  }

  async ledgerTip(): Promise<LedgerTip> {
    return this.guard(async () => new MongoLedgerQueries(await this.readable()).tip());
  }

  async ledgerLeafIndex(position: bigint): Promise<number | null> {
    return this.guard(async () => new MongoLedgerQueries(await this.readable()).leafIndex(position));
  }

  async ledgerSubtrees(addresses: readonly SubtreeAddress[]): Promise<ReadonlyMap<string, Buffer>> {
    return this.guard(async () => new MongoLedgerQueries(await this.readable()).subtrees(addresses));
  }

  async beginRebuild(): Promise<RebuildTarget> {
    return this.guard(async () => {
      const target = await this.rebuilds.begin(await this.writable());
      return {
        applyBatch: (events) => this.guard(() => target.applyBatch(events)),
        checkpoint: () => this.guard(() => target.checkpoint()),
        finishBulkLoad: () => this.guard(() => target.finishBulkLoad()),
        swapIn: () => this.guard(() => target.swapIn()),
        discard: () => this.guard(() => target.discard()),
      };
    });
  }

  /** The lease document through which projector instances agree on which one applies events. */
  projectorLeaseStore(): MongoLeaseStore {
    return new MongoLeaseStore(this.db.collection<LeaseDocument>(LEASE_COLLECTION));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.rebuilds.close();
    await this.client.close();
  }

  protected read<T>(query: (queries: GenerationQueries) => T | Promise<T>): Promise<T> {
    return this.guard(async () => query(new MongoQueries(await this.readable())));
  }

  /** The generation queries read: cached, re-read at most every `pointerCheckIntervalMs`. */
  private async readable(): Promise<MongoGeneration> {
    const interval = this.options.pointerCheckIntervalMs ?? 1000;
    if (Date.now() - this.pointerCheckedAt < interval) return this.active;
    this.pointerCheckedAt = Date.now();
    return this.writable();
  }

  /** The generation writes go to: the pointer as it is now (within the batch's transaction). */
  private async writable(session?: ClientSession): Promise<MongoGeneration> {
    const generation = await readActiveGeneration(this.db, session);
    if (generation === null) throw new StoreUnavailableError('The read_models pointer document is missing');
    if (generation !== this.active.generation) this.active = new MongoGeneration(this.db, generation);
    return this.active;
  }

  private async inTransaction<T>(work: (session?: ClientSession) => Promise<T>): Promise<T> {
    if (!this.transactions) return work(undefined);
    const session = this.client.startSession();
    try {
      return await session.withTransaction(() => work(session));
    } finally {
      await session.endSession();
    }
  }

  private async guard<T>(action: () => Promise<T>): Promise<T> {
    // The driver would reconnect a closed client on the next operation; a closed store stays closed.
    if (this.closed) throw new StoreUnavailableError('The MongoDB read store is closed');
    try {
      return await action();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
