import { eventLeafHash, subtreeKey, treeRoot, type RecordedEvent } from '@serial/event-store';
import { referenceRoot } from '@serial/event-store/testing/merkle-trees';
import { EventLog } from '../testing/event-log';
import {
  ledgerBatch,
  PAGE_SIZE,
  recordsFor,
  subtreesInPages,
  tipOf,
  upperFrontier,
  type LedgerPage,
} from './ledger-pages';

/** A store as the adapters keep it: pages replaced whole, nodes added once. */
class PagedTree {
  readonly pages = new Map<number, LedgerPage>();
  readonly nodes = new Map<string, Buffer>();

  apply(events: readonly RecordedEvent[]) {
    const lastPage = this.pages.size === 0 ? null : (this.pages.get(Math.max(...this.pages.keys())) ?? null);
    const upper = new Map(
      [...this.nodes].filter(([key]) =>
        upperFrontier(tipOf(lastPage).treeSize).map(subtreeKey).includes(key),
      ),
    );
    const batch = ledgerBatch(lastPage, upper, events);
    for (const node of batch.nodes) this.nodes.set(subtreeKey(node), node.hash);
    for (const page of batch.pages) this.pages.set(page.pageIndex, page);
    return batch;
  }

  source() {
    return {
      subtrees: async (addresses: Parameters<typeof recordsFor>[0]) => {
        const found = subtreesInPages(addresses, this.pages);
        for (const address of recordsFor(addresses).nodes) {
          const hash = this.nodes.get(subtreeKey(address));
          if (hash) found.set(subtreeKey(address), hash);
        }
        return found;
      },
    };
  }
}

const log = new EventLog();
const events = Array.from({ length: 70 }, (_, i) =>
  log.append(`stream-${i % 7}`, { type: 'Happened', data: { i } }),
);
const leaves = events.map((event) => eventLeafHash(event.metadata.hash));

describe('the ledger in pages', () => {
  it('keeps leaves in pages of 16 and stores only subtrees of a page or more', () => {
    const tree = new PagedTree();
    const batch = tree.apply(events.slice(0, 40));

    expect(batch.pages.map((page) => [page.pageIndex, page.positions.length])).toEqual([
      [0, PAGE_SIZE],
      [1, PAGE_SIZE],
      [2, 8],
    ]);
    expect(batch.nodes.map(subtreeKey)).toEqual(['4:0', '4:1', '5:0']);
    expect(tipOf(tree.pages.get(2) ?? null)).toEqual({ treeSize: 40, lastPosition: 40n });
  });

  it('grows the last page, and adds nothing for events it holds', () => {
    const tree = new PagedTree();
    tree.apply(events.slice(0, 20));
    const next = tree.apply(events.slice(10, 35));

    expect(next.pages.map((page) => [page.pageIndex, page.positions[0], page.positions.length])).toEqual([
      [1, 17n, PAGE_SIZE],
      [2, 33n, 3],
    ]);
    expect(tree.apply(events.slice(0, 35))).toEqual({ nodes: [], pages: [] });
  });

  it('answers every root, batch after batch, as the RFC recursion does', async () => {
    const tree = new PagedTree();
    for (const [from, to] of [
      [0, 1],
      [1, 15],
      [15, 16],
      [16, 17],
      [17, 48],
      [48, 70],
    ]) {
      tree.apply(events.slice(from, to));
      for (let size = 1; size <= to; size++) {
        expect(await treeRoot(tree.source(), size)).toEqual(referenceRoot(leaves.slice(0, size)));
      }
    }
  });
});
