import { Binary, type AnyBulkWriteOperation, type ClientSession } from 'mongodb';
import { subtreeKey, type RecordedEvent, type SubtreeAddress } from '@serial/event-store';
import {
  frontierOf,
  isLedgerLeaf,
  ledgerWrites,
  type LedgerLeaf,
  type LedgerNode,
} from '../ledger/ledger-append';
import type { LedgerTip } from '../ledger/ledger-reader.port';
import type { MongoGeneration } from './generations';
import { positionText, storedPosition } from './records';

/** A leaf: `_id` is its index, so the last leaf is the first by `_id` descending. */
export interface LedgerLeafRecord {
  _id: number;
  position: bigint;
  hash: Binary;
}

/** A complete subtree above the leaves: `_id` is `level:index`. */
export interface LedgerNodeRecord {
  _id: string;
  hash: Binary;
}

const bytesOf = (binary: Binary): Buffer => Buffer.from(binary.value());

/** The ledger's reads on one generation, within `session`'s transaction when there is one. */
export class MongoLedgerQueries {
  constructor(
    private readonly generation: MongoGeneration,
    private readonly session?: ClientSession,
  ) {}

  async tip(): Promise<LedgerTip> {
    const [last] = await this.leaves()
      .find({}, { session: this.session })
      .sort({ _id: -1 })
      .limit(1)
      .toArray();
    if (!last) return { treeSize: 0, lastPosition: 0n };
    return { treeSize: last._id + 1, lastPosition: BigInt(positionText(last.position)) };
  }

  async leafIndex(position: bigint): Promise<number | null> {
    const leaf = await this.leaves().findOne(
      { position: storedPosition(position) },
      { session: this.session },
    );
    return leaf ? leaf._id : null;
  }

  /** Two `$in` queries, leaves and nodes, for any number of subtrees. */
  async subtrees(addresses: readonly SubtreeAddress[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    const leafIds = addresses.filter((a) => a.level === 0).map((a) => a.index);
    const nodeIds = addresses.filter((a) => a.level > 0).map(subtreeKey);
    if (leafIds.length > 0) {
      for (const leaf of await this.leaves()
        .find({ _id: { $in: leafIds } }, { session: this.session })
        .toArray()) {
        found.set(subtreeKey({ level: 0, index: leaf._id }), bytesOf(leaf.hash));
      }
    }
    if (nodeIds.length > 0) {
      for (const node of await this.nodes()
        .find({ _id: { $in: nodeIds } }, { session: this.session })
        .toArray()) {
        found.set(node._id, bytesOf(node.hash));
      }
    }
    return found;
  }

  private leaves() {
    return this.generation.collection<LedgerLeafRecord>('ledger_leaves');
  }

  private nodes() {
    return this.generation.collection<LedgerNodeRecord>('ledger_nodes');
  }
}

export interface LedgerBulkWrites {
  readonly nodes: AnyBulkWriteOperation<LedgerNodeRecord>[];
  readonly leaves: AnyBulkWriteOperation<LedgerLeafRecord>[];
}

/**
 * The batch's share of the ledger. Written nodes first, then leaves, each in order: without a
 * transaction a crash then leaves a prefix of leaves whose nodes are all there, and the replay
 * (inserts only where `_id` is absent) writes the same hashes again.
 */
export async function planLedgerWrites(
  queries: MongoLedgerQueries,
  events: readonly RecordedEvent[],
): Promise<LedgerBulkWrites> {
  const tip = await queries.tip();
  const { writes } = ledgerWrites(tip, await queries.subtrees(frontierOf(tip.treeSize)), events);
  const nodes = writes.filter((write): write is LedgerNode => !isLedgerLeaf(write));
  const leaves = writes.filter(isLedgerLeaf);
  return {
    nodes: nodes.map((node) =>
      insertOnce<LedgerNodeRecord>({ _id: subtreeKey(node), hash: new Binary(node.hash) }),
    ),
    leaves: leaves.map((leaf: LedgerLeaf) =>
      insertOnce<LedgerLeafRecord>({
        _id: leaf.leafIndex,
        position: storedPosition(leaf.position),
        hash: new Binary(leaf.hash),
      }),
    ),
  };
}

/** Leaves and nodes never change once written: a replay finds its `_id` and changes nothing. */
function insertOnce<T extends LedgerLeafRecord | LedgerNodeRecord>(record: T): AnyBulkWriteOperation<T> {
  const { _id, ...fields } = record;
  return { updateOne: { filter: { _id } as never, update: { $setOnInsert: fields } as never, upsert: true } };
}

export async function writeLedger(
  generation: MongoGeneration,
  planned: LedgerBulkWrites,
  session?: ClientSession,
): Promise<void> {
  if (planned.nodes.length > 0) {
    await generation
      .collection<LedgerNodeRecord>('ledger_nodes')
      .bulkWrite(planned.nodes, { ordered: true, session });
  }
  if (planned.leaves.length > 0) {
    await generation
      .collection<LedgerLeafRecord>('ledger_leaves')
      .bulkWrite(planned.leaves, { ordered: true, session });
  }
}
