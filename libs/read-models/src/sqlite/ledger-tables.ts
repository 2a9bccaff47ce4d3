import type Database from 'better-sqlite3';
import { HASH_BYTES, subtreeKey, type SubtreeAddress } from '@serial/event-store';
import {
  ledgerBatch,
  leafIndexInPage,
  recordsFor,
  subtreesInPages,
  tipOf,
  upperFrontier,
  type LedgerPage,
} from '../ledger/ledger-pages';
import type { LedgerTip } from '../ledger/ledger-reader.port';
import type { TableProjection } from './document-projection';
import type { SqlInteger } from './sql';

/**
 * The ledger's tree (see ledger-pages.ts): pages of 16 leaves, positions packed as 8-byte big-endian
 * integers and leaf hashes as 32 bytes each, and the roots of the complete subtrees of a page or more,
 * node (level, index) covering leaves [index·2^level, (index+1)·2^level). Both only grow at their end.
 */
export const LEDGER_TABLES = `
  CREATE TABLE IF NOT EXISTS ledger_pages (
    page_index INTEGER PRIMARY KEY,
    first_position INTEGER NOT NULL,
    positions BLOB NOT NULL,
    leaves BLOB NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS ledger_nodes (
    level INTEGER NOT NULL,
    node_index INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, node_index)
  ) STRICT, WITHOUT ROWID;
`;

/** Inclusion proofs find an event's page by its position; appends never need it. */
export const LEDGER_INDEXES = `
  CREATE UNIQUE INDEX IF NOT EXISTS ledger_pages_by_position ON ledger_pages (first_position);
`;

interface PageRow {
  page_index: SqlInteger;
  positions: Buffer;
  leaves: Buffer;
}

const POSITION_BYTES = 8;

/** The ledger's reads, for the projector (the tree's edge) and for proofs alike. */
export class LedgerQueries {
  private readonly lastPageRow: Database.Statement<[], PageRow>;
  private readonly pageRow: Database.Statement<[number], PageRow>;
  private readonly pageHolding: Database.Statement<[bigint], PageRow>;
  private readonly node: Database.Statement<[number, number], Buffer>;

  constructor(db: Database.Database) {
    const columns = 'page_index, positions, leaves';
    this.lastPageRow = db.prepare(`SELECT ${columns} FROM ledger_pages ORDER BY page_index DESC LIMIT 1`);
    this.pageRow = db.prepare(`SELECT ${columns} FROM ledger_pages WHERE page_index = ?`);
    this.pageHolding = db.prepare(
      `SELECT ${columns} FROM ledger_pages WHERE first_position <= ? ORDER BY first_position DESC LIMIT 1`,
    );
    this.node = db
      .prepare<[number, number], Buffer>('SELECT hash FROM ledger_nodes WHERE level = ? AND node_index = ?')
      .pluck();
  }

  lastPage(): LedgerPage | null {
    const row = this.lastPageRow.get();
    return row ? pageFromRow(row) : null;
  }

  tip(): LedgerTip {
    return tipOf(this.lastPage());
  }

  leafIndex(position: bigint): number | null {
    const row = this.pageHolding.get(position);
    return row ? leafIndexInPage(pageFromRow(row), position) : null;
  }

  /** A point read per node or page: a few dozen at most for any root or proof. */
  subtrees(addresses: readonly SubtreeAddress[]): Map<string, Buffer> {
    const { nodes, pages } = recordsFor(addresses);
    const loaded = new Map<number, LedgerPage>();
    for (const index of pages) {
      const row = this.pageRow.get(index);
      if (row) loaded.set(index, pageFromRow(row));
    }
    const found = subtreesInPages(addresses, loaded);
    for (const address of nodes) {
      const hash = this.node.get(address.level, address.index);
      if (hash !== undefined) found.set(subtreeKey(address), hash);
    }
    return found;
  }
}

/** The ledger as one projection of the batch's transaction: it takes every event, whatever its type. */
export function ledgerProjection(db: Database.Database, queries: LedgerQueries): TableProjection {
  // A page only ever grows: a replay that brings a shorter one changes nothing.
  const savePage = db.prepare<[number, bigint, Buffer, Buffer]>(
    `INSERT INTO ledger_pages (page_index, first_position, positions, leaves) VALUES (?, ?, ?, ?)
     ON CONFLICT (page_index) DO UPDATE SET positions = excluded.positions, leaves = excluded.leaves
     WHERE length(excluded.positions) > length(ledger_pages.positions)`,
  );
  const insertNode = db.prepare<[number, number, Buffer]>(
    'INSERT INTO ledger_nodes (level, node_index, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    name: 'ledger',
    eventTypes: 'all',
    apply(events) {
      const lastPage = queries.lastPage();
      const upper = queries.subtrees(upperFrontier(tipOf(lastPage).treeSize));
      const { nodes, pages } = ledgerBatch(lastPage, upper, events);
      for (const node of nodes) insertNode.run(node.level, node.index, node.hash);
      for (const page of pages) {
        savePage.run(
          page.pageIndex,
          page.positions[0],
          packPositions(page.positions),
          Buffer.concat(page.leaves),
        );
      }
    },
  };
}

function packPositions(positions: readonly bigint[]): Buffer {
  const packed = Buffer.allocUnsafe(positions.length * POSITION_BYTES);
  positions.forEach((position, i) => packed.writeBigInt64BE(position, i * POSITION_BYTES));
  return packed;
}

function pageFromRow(row: PageRow): LedgerPage {
  const count = row.positions.length / POSITION_BYTES;
  return {
    pageIndex: Number(row.page_index),
    positions: Array.from({ length: count }, (_, i) => row.positions.readBigInt64BE(i * POSITION_BYTES)),
    leaves: Array.from({ length: count }, (_, i) =>
      row.leaves.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES),
    ),
  };
}
