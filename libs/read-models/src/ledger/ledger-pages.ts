import {
  eventLeafHash,
  frontierSubtrees,
  MerkleFrontier,
  nodeHash,
  subtreeKey,
  type RecordedEvent,
  type SubtreeAddress,
} from '@serial/event-store';
import { ProjectionFailedError } from '../projection-store.port';
import type { LedgerTip } from './ledger-reader.port';

/**
 * How the ledger's tree is stored (the same in every adapter). Leaves are kept in pages of 16, each
 * page one record with its events' positions and leaf hashes; the root of every complete subtree of
 * 16 leaves or more is a record of its own. Any subtree below a page is computed from its page (at most
 * 15 hashes), so a root or a proof still reads O(log n) records, and a batch writes about one record
 * per eight events instead of two per event.
 */
export const PAGE_LEVEL = 4;
export const PAGE_SIZE = 2 ** PAGE_LEVEL;

export interface LedgerPage {
  readonly pageIndex: number;
  /** The positions of its events, in leaf order; up to PAGE_SIZE, fewer only in the last page. */
  readonly positions: readonly bigint[];
  readonly leaves: readonly Buffer[];
}

/** The root of a complete subtree of at least a page of leaves. */
export interface LedgerNode extends SubtreeAddress {
  readonly hash: Buffer;
}

/** What one batch adds: new nodes, and every page it changed, whole. */
export interface LedgerBatch {
  /** Written before the pages: a store without transactions that stops between the two still has a tree. */
  readonly nodes: readonly LedgerNode[];
  readonly pages: readonly LedgerPage[];
}

export const pageOfLeaf = (leafIndex: number): number => Math.floor(leafIndex / PAGE_SIZE);
/** The leaf index of the event at `position` in `page`, null when the page does not hold it. */
export const leafIndexInPage = (page: LedgerPage, position: bigint): number | null => {
  const offset = page.positions.indexOf(position);
  return offset === -1 ? null : page.pageIndex * PAGE_SIZE + offset;
};

export function tipOf(lastPage: LedgerPage | null): LedgerTip {
  if (lastPage === null || lastPage.positions.length === 0) return { treeSize: 0, lastPosition: 0n };
  return {
    treeSize: lastPage.pageIndex * PAGE_SIZE + lastPage.positions.length,
    lastPosition: lastPage.positions[lastPage.positions.length - 1],
  };
}

/** Which stored records hold the subtrees asked for: nodes by address, pages by index. */
export function recordsFor(addresses: readonly SubtreeAddress[]): {
  nodes: SubtreeAddress[];
  pages: number[];
} {
  const nodes = addresses.filter((address) => address.level >= PAGE_LEVEL);
  const pages = addresses
    .filter((address) => address.level < PAGE_LEVEL)
    .map((address) => pageOfLeaf(address.index * 2 ** address.level));
  return { nodes, pages: [...new Set(pages)] };
}

/** The roots of the subtrees asked for that lie within the pages given (complete ones only). */
export function subtreesInPages(
  addresses: readonly SubtreeAddress[],
  pages: ReadonlyMap<number, LedgerPage>,
): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const address of addresses) {
    if (address.level >= PAGE_LEVEL) continue;
    const size = 2 ** address.level;
    const first = address.index * size;
    const page = pages.get(pageOfLeaf(first));
    const offset = first - pageOfLeaf(first) * PAGE_SIZE;
    if (page && offset + size <= page.leaves.length) {
      found.set(subtreeKey(address), completeRoot(page.leaves.slice(offset, offset + size)));
    }
  }
  return found;
}

/** The frontier subtrees a batch needs from the node records (those of a page or more). */
export const upperFrontier = (treeSize: number): SubtreeAddress[] =>
  frontierSubtrees(treeSize).filter((address) => address.level >= PAGE_LEVEL);

/**
 * Appends, as leaves, the batch's events past the tree's last one (the ledger's own position guard:
 * a replayed batch adds nothing). `lastPage` and `upper` (the nodes of `upperFrontier`) are the
 * stored tree's edge. An event without a proper hash cannot be a leaf: it fails the batch, named.
 */
export function ledgerBatch(
  lastPage: LedgerPage | null,
  upper: ReadonlyMap<string, Buffer>,
  events: readonly RecordedEvent[],
): LedgerBatch {
  const tip = tipOf(lastPage);
  const fresh = events.filter((event) => event.position > tip.lastPosition);
  if (fresh.length === 0) return { nodes: [], pages: [] };
  const tree = frontierOf(tip.treeSize, lastPage, upper);
  const nodes: LedgerNode[] = [];
  const pages: { pageIndex: number; positions: bigint[]; leaves: Buffer[] }[] = [];
  let page =
    lastPage && lastPage.positions.length < PAGE_SIZE
      ? { pageIndex: lastPage.pageIndex, positions: [...lastPage.positions], leaves: [...lastPage.leaves] }
      : null;
  if (page) pages.push(page);
  for (const event of fresh) {
    const leaf = leafOf(event);
    if (page === null || page.positions.length === PAGE_SIZE) {
      page = { pageIndex: pageOfLeaf(tree.size), positions: [], leaves: [] };
      pages.push(page);
    }
    page.positions.push(event.position);
    page.leaves.push(leaf);
    for (const subtree of tree.append(leaf)) if (subtree.level >= PAGE_LEVEL) nodes.push(subtree);
  }
  return { nodes, pages };
}

function frontierOf(
  treeSize: number,
  lastPage: LedgerPage | null,
  upper: ReadonlyMap<string, Buffer>,
): MerkleFrontier {
  const addresses = frontierSubtrees(treeSize);
  const inPage = subtreesInPages(addresses, new Map(lastPage ? [[lastPage.pageIndex, lastPage]] : []));
  return MerkleFrontier.of(
    treeSize,
    addresses.map((address) => {
      const hash = upper.get(subtreeKey(address)) ?? inPage.get(subtreeKey(address));
      if (hash === undefined) throw new Error(`The ledger lacks subtree ${subtreeKey(address)}`);
      return hash;
    }),
  );
}

function completeRoot(leaves: readonly Buffer[]): Buffer {
  let level = [...leaves];
  while (level.length > 1) {
    level = Array.from({ length: level.length / 2 }, (_, i) => nodeHash(level[2 * i], level[2 * i + 1]));
  }
  return level[0];
}

function leafOf(event: RecordedEvent): Buffer {
  try {
    return eventLeafHash(event.metadata.hash);
  } catch (error) {
    throw new ProjectionFailedError('ledger', event.position, error);
  }
}
