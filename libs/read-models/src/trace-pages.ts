import { MAX_ASSEMBLY_LEVELS, type SerialRef } from '@serial/domain';
import type { ComponentLink } from './projections/component-links';
import { linkKey } from './projections/component-links';
import type { SerialDocument } from './projections/serial-view';
import {
  InvalidCursorError,
  type ComponentNode,
  type HistoryEntry,
  type Page,
  type PageRequest,
  type TraceDocument,
  type TraceQuery,
} from './read-store.port';
import { decodeCursor, encodeCursor } from './sqlite/cursor';

/**
 * What both adapters share in answering the traceability queries: the cursor, the page put together
 * from what each store read, and the component tree nested from its links.
 */
export const traceCursor = (query: TraceQuery, last: SerialRef): string =>
  encodeCursor('trace', [query.key, query.value, last.productId, last.serialNumber]);

/** The (productId, serialNumber) the page starts after; a cursor of another trace is not this one's. */
export function traceCursorKey(query: TraceQuery, page: PageRequest): [string, string] | null {
  if (page.cursor === undefined) return null;
  const [key, value, productId, serialNumber] = decodeCursor('trace', page.cursor, 4);
  if (key !== query.key || value !== query.value) throw new InvalidCursorError();
  return [productId, serialNumber];
}

/** Serials in trace order with the entries that carry what was asked for, at most `limit + 1` of them. */
export class TraceEntries {
  readonly serials: SerialRef[] = [];
  readonly entries = new Map<string, HistoryEntry[]>();

  constructor(private readonly limit: number) {}

  /** Adds an entry of the serial (entries arrive serial by serial); false once the page is full. */
  add(serial: SerialRef, entry: HistoryEntry): boolean {
    const key = linkKey(serial);
    let entries = this.entries.get(key);
    if (!entries) {
      if (this.serials.length > this.limit) return false;
      this.serials.push(serial);
      entries = [];
      this.entries.set(key, entries);
    }
    entries.push(entry);
    return true;
  }

  /** Whether a serial past the page was seen: its entries are dropped, and another page follows. */
  get full(): boolean {
    return this.serials.length > this.limit;
  }
}

/** The page of a trace, each serial with its current view and its outermost unit's. */
export function tracePage(
  query: TraceQuery,
  found: TraceEntries,
  limit: number,
  serials: ReadonlyMap<string, SerialDocument>,
  tops: ReadonlyMap<string, SerialDocument>,
): Page<TraceDocument> {
  const shown = found.serials.slice(0, limit);
  const items: TraceDocument[] = [];
  for (const ref of shown) {
    const serial = serials.get(linkKey(ref));
    // The serial's view is written in the same batch as its history: only a bug leaves it out.
    if (!serial) continue;
    const entries = found.entries.get(linkKey(ref)) ?? [];
    items.push({ ...ref, entries, serial, topLevel: tops.get(linkKey(ref)) ?? null });
  }
  const last = shown[shown.length - 1];
  return { items, nextCursor: found.full && last ? traceCursor(query, last) : null };
}

/** Byte order of the UTF-8 text, the order both stores sort strings in. */
const byBytes = (a: SerialRef, b: SerialRef) =>
  Buffer.compare(Buffer.from(a.productId), Buffer.from(b.productId)) ||
  Buffer.compare(Buffer.from(a.serialNumber), Buffer.from(b.serialNumber));

/** The tree below `root` from its links (read level by level), each level in (product, serial) order. */
export function nestComponents(root: SerialRef, links: readonly ComponentLink[]): ComponentNode[] {
  const children = new Map<string, ComponentLink[]>();
  for (const link of links) {
    const siblings = children.get(linkKey(link.parent)) ?? [];
    siblings.push(link);
    children.set(linkKey(link.parent), siblings);
  }
  const below = (parent: SerialRef, level: number): ComponentNode[] =>
    level > MAX_ASSEMBLY_LEVELS
      ? []
      : [...(children.get(linkKey(parent)) ?? [])].sort(byBytes).map((link) => ({
          productId: link.productId,
          serialNumber: link.serialNumber,
          installedAt: link.installedAt,
          components: below(link, level + 1),
        }));
  return below(root, 2);
}
