import { Binary, type AnyBulkWriteOperation, type ClientSession } from 'mongodb';
import { HASH_BYTES, subtreeKey, type RecordedEvent, type SubtreeAddress } from '@serial/event-store';
import {
  ledgerBatch,
  leafIndexInPage,
  recordsFor,
  subtreesInPages,
  tipOf,
  upperFrontier,
  type LedgerBatch,
  type LedgerPage,
} from '../ledger/ledger-pages';
import type { LedgerTip } from '../ledger/ledger-reader.port';
import type { MongoGeneration } from './generations';
import { positionText, storedPosition } from './records';

/** A page of leaves (ledger-pages.ts): `_id` is its index, so the last page sorts first descending. */
export interface LedgerPageRecord {
  _id: number;
  firstPosition: bigint;
  positions: bigint[];
  /** The leaf hashes, 32 bytes each, in leaf order. */
  leaves: Binary;
}

/** The root of a complete subtree of a page or more: `_id` is `level:index`. */
export interface LedgerNodeRecord {
  _id: string;
  hash: Binary;
}

/** The ledger's reads on one generation, within `session`'s transaction when there is one. */
export class MongoLedgerQueries {
  constructor(
    private readonly generation: MongoGeneration,
    private readonly session?: ClientSession,
  ) {}

  async lastPage(): Promise<LedgerPage | null> {
    const [last] = await this.pages()
      .find({}, { session: this.session })
      .sort({ _id: -1 })
      .limit(1)
      .toArray();
    return last ? pageFromRecord(last) : null;
  }

  async tip(): Promise<LedgerTip> {
    return tipOf(await this.lastPage());
  }

  async leafIndex(position: bigint): Promise<number | null> {
    const [page] = await this.pages()
      .find({ firstPosition: { $lte: storedPosition(position) } }, { session: this.session })
      .sort({ firstPosition: -1 })
      .limit(1)
      .toArray();
    return page ? leafIndexInPage(pageFromRecord(page), position) : null;
  }

  /** Two `$in` queries, pages and nodes, for any number of subtrees. */
  async subtrees(addresses: readonly SubtreeAddress[]): Promise<Map<string, Buffer>> {
    const { nodes, pages } = recordsFor(addresses);
    const loaded = new Map<number, LedgerPage>();
    if (pages.length > 0) {
      const records = await this.pages()
        .find({ _id: { $in: pages } }, { session: this.session })
        .toArray();
      for (const record of records) loaded.set(record._id, pageFromRecord(record));
    }
    const found = subtreesInPages(addresses, loaded);
    if (nodes.length > 0) {
      const ids = nodes.map(subtreeKey);
      const records = await this.nodes()
        .find({ _id: { $in: ids } }, { session: this.session })
        .toArray();
      for (const record of records) found.set(record._id, Buffer.from(record.hash.value()));
    }
    return found;
  }

  pages() {
    return this.generation.collection<LedgerPageRecord>('ledger_pages');
  }

  nodes() {
    return this.generation.collection<LedgerNodeRecord>('ledger_nodes');
  }
}

/** The batch's share of the ledger, computed before anything of the batch is written. */
export async function planLedgerBatch(
  queries: MongoLedgerQueries,
  events: readonly RecordedEvent[],
): Promise<LedgerBatch> {
  const lastPage = await queries.lastPage();
  return ledgerBatch(lastPage, await queries.subtrees(upperFrontier(tipOf(lastPage).treeSize)), events);
}

/**
 * Nodes first, then pages: without a transaction a crash in between leaves nodes the pages do not
 * reach yet, which the replay writes again unchanged. A node never changes; a page only grows.
 */
export async function writeLedgerBatch(
  queries: MongoLedgerQueries,
  batch: LedgerBatch,
  session?: ClientSession,
): Promise<void> {
  if (batch.nodes.length > 0) {
    const inserts: AnyBulkWriteOperation<LedgerNodeRecord>[] = batch.nodes.map((node) => ({
      updateOne: {
        filter: { _id: subtreeKey(node) },
        update: { $setOnInsert: { hash: new Binary(node.hash) } },
        upsert: true,
      },
    }));
    await queries.nodes().bulkWrite(inserts, { ordered: true, session });
  }
  if (batch.pages.length > 0) {
    await queries.pages().bulkWrite(batch.pages.map(growPage), { ordered: true, session });
  }
}

/** Replaces a stored page only with a longer one, like guardedReplace does by position. */
function growPage(page: LedgerPage): AnyBulkWriteOperation<LedgerPageRecord> {
  const record: LedgerPageRecord = {
    _id: page.pageIndex,
    firstPosition: storedPosition(page.positions[0]),
    positions: page.positions.map((position) => storedPosition(position)),
    leaves: new Binary(Buffer.concat(page.leaves)),
  };
  const longer = { $lt: [{ $size: { $ifNull: ['$positions', []] } }, page.positions.length] };
  return {
    updateOne: {
      filter: { _id: page.pageIndex },
      update: [{ $replaceWith: { $cond: { if: longer, then: { $literal: record }, else: '$$ROOT' } } }],
      upsert: true,
    },
  };
}

function pageFromRecord(record: LedgerPageRecord): LedgerPage {
  const leaves = Buffer.from(record.leaves.value());
  return {
    pageIndex: record._id,
    positions: record.positions.map((position) => BigInt(positionText(position))),
    leaves: Array.from({ length: leaves.length / HASH_BYTES }, (_, i) =>
      leaves.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES),
    ),
  };
}
