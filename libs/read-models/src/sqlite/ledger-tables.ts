import type Database from 'better-sqlite3';
import { subtreeKey, type SubtreeAddress } from '@serial/event-store';
import { frontierOf, isLedgerLeaf, ledgerWrites } from '../ledger/ledger-append';
import type { LedgerTip } from '../ledger/ledger-reader.port';
import type { TableProjection } from './document-projection';
import type { SqlInteger } from './sql';

/**
 * The ledger's tree: one row per leaf (its event's position and leaf hash) and one per complete
 * subtree above the leaves, node (level, index) covering leaves [index·2^level, (index+1)·2^level).
 * Both only grow at their end; about 2n rows for n events.
 */
export const LEDGER_TABLES = `
  CREATE TABLE IF NOT EXISTS ledger_leaves (
    leaf_index INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    hash BLOB NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS ledger_nodes (
    level INTEGER NOT NULL,
    node_index INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, node_index)
  ) STRICT, WITHOUT ROWID;
`;

/** Inclusion proofs find an event's leaf by its position; appends never need it. */
export const LEDGER_INDEXES = `
  CREATE UNIQUE INDEX IF NOT EXISTS ledger_leaves_by_position ON ledger_leaves (position);
`;

interface LeafRow {
  leaf_index: SqlInteger;
  position: SqlInteger;
}

/** The ledger's reads, for the projector (the frontier) and for proofs alike. */
export class LedgerQueries {
  private readonly lastLeaf: Database.Statement<[], LeafRow>;
  private readonly leafByPosition: Database.Statement<[bigint], SqlInteger>;
  private readonly leafHash: Database.Statement<[number], Buffer>;
  private readonly nodeHash: Database.Statement<[number, number], Buffer>;

  constructor(db: Database.Database) {
    this.lastLeaf = db.prepare(
      'SELECT leaf_index, position FROM ledger_leaves ORDER BY leaf_index DESC LIMIT 1',
    );
    this.leafByPosition = db
      .prepare<[bigint], SqlInteger>('SELECT leaf_index FROM ledger_leaves WHERE position = ?')
      .pluck();
    this.leafHash = db
      .prepare<[number], Buffer>('SELECT hash FROM ledger_leaves WHERE leaf_index = ?')
      .pluck();
    this.nodeHash = db
      .prepare<[number, number], Buffer>('SELECT hash FROM ledger_nodes WHERE level = ? AND node_index = ?')
      .pluck();
  }

  tip(): LedgerTip {
    const last = this.lastLeaf.get();
    return last
      ? { treeSize: Number(last.leaf_index) + 1, lastPosition: last.position }
      : { treeSize: 0, lastPosition: 0n };
  }

  leafIndex(position: bigint): number | null {
    const index = this.leafByPosition.get(position);
    return index === undefined ? null : Number(index);
  }

  /** A point read per subtree: at most a few dozen for any root or proof. */
  subtrees(addresses: readonly SubtreeAddress[]): Map<string, Buffer> {
    const found = new Map<string, Buffer>();
    for (const address of addresses) {
      const hash =
        address.level === 0
          ? this.leafHash.get(address.index)
          : this.nodeHash.get(address.level, address.index);
      if (hash !== undefined) found.set(subtreeKey(address), hash);
    }
    return found;
  }
}

/** The ledger as one projection of the batch's transaction: it takes every event, whatever its type. */
export function ledgerProjection(db: Database.Database, queries: LedgerQueries): TableProjection {
  const insertLeaf = db.prepare<[number, bigint, Buffer]>(
    'INSERT INTO ledger_leaves (leaf_index, position, hash) VALUES (?, ?, ?)',
  );
  const insertNode = db.prepare<[number, number, Buffer]>(
    'INSERT INTO ledger_nodes (level, node_index, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    name: 'ledger',
    eventTypes: 'all',
    apply(events) {
      const tip = queries.tip();
      const { writes } = ledgerWrites(tip, queries.subtrees(frontierOf(tip.treeSize)), events);
      for (const write of writes) {
        if (isLedgerLeaf(write)) insertLeaf.run(write.leafIndex, write.position, write.hash);
        else insertNode.run(write.level, write.index, write.hash);
      }
    },
  };
}
