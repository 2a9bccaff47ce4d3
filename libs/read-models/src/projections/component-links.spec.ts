import fc from 'fast-check';
import type { SerialRef } from '@serial/domain';
import { foldComponentLinks, linkKey, serialsOfLinkEvents, type ComponentLink } from './component-links';
import type { ProjectedEvent } from './projected-event';

const unit = (serialNumber: string): SerialRef => ({ productId: 'P', serialNumber });
const at = new Date('2026-12-03T10:00:00.000Z');
let position = 0n;
const installed = (child: string, parent: string): ProjectedEvent => ({
  type: 'SerialInstalled',
  data: { ...unit(child), parent: unit(parent) },
  revision: 0,
  position: ++position,
  recordedAt: at,
});
const uninstalled = (child: string, parent: string): ProjectedEvent => ({
  ...installed(child, parent),
  type: 'SerialUninstalled',
});

/** A store of links, loaded and written the way both adapters do. */
class LinkStore {
  readonly links = new Map<string, ComponentLink>();

  apply(events: readonly ProjectedEvent[]): void {
    const loaded = new Map<string, ComponentLink>();
    let level = serialsOfLinkEvents(events).map(linkKey);
    for (const key of level) if (this.links.has(key)) loaded.set(key, this.links.get(key) as ComponentLink);
    while (level.length > 0) {
      const parents = new Set(level);
      const below = [...this.links.values()].filter((link) => parents.has(linkKey(link.parent)));
      below.forEach((link) => loaded.set(linkKey(link), link));
      level = below.map(linkKey);
    }
    const { upserts, deletes } = foldComponentLinks(loaded.values(), events);
    for (const link of upserts) this.links.set(linkKey(link), link);
    for (const { ref } of deletes) this.links.delete(linkKey(ref));
  }

  tops(): Record<string, string> {
    return Object.fromEntries(
      [...this.links.values()].map((link) => [link.serialNumber, link.top.serialNumber]),
    );
  }
}

describe('component links', () => {
  it('gives a part installed into an installed unit that unit’s top, and retops a subtree moved whole', () => {
    const store = new LinkStore();
    store.apply([installed('RAM', 'BOARD'), installed('BOARD', 'LAPTOP')]);
    expect(store.tops()).toEqual({ RAM: 'LAPTOP', BOARD: 'LAPTOP' });
    store.apply([installed('LAPTOP', 'RACK')]);
    expect(store.tops()).toEqual({ RAM: 'RACK', BOARD: 'RACK', LAPTOP: 'RACK' });
    store.apply([uninstalled('BOARD', 'LAPTOP')]);
    expect(store.tops()).toEqual({ RAM: 'BOARD', LAPTOP: 'RACK' });
    expect(store.links.get(linkKey(unit('RAM')))).toMatchObject({
      parent: unit('BOARD'),
      position: String(position),
    });
  });

  it('keeps every top equal to the outermost unit up the parent links, whatever the sequence and batches', () => {
    const pool = ['A', 'B', 'C', 'D', 'E', 'F'];
    const op = fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...pool), fc.boolean());
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 40 }),
        (ops, cuts) => {
          const parent = new Map<string, string>();
          const above = (serial: string): string[] => {
            const chain: string[] = [];
            for (let at = parent.get(serial); at !== undefined; at = parent.get(at)) chain.push(at);
            return chain;
          };
          const events: ProjectedEvent[] = [];
          for (const [child, into, out] of ops) {
            if (out && parent.has(child)) {
              events.push(uninstalled(child, parent.get(child) as string));
              parent.delete(child);
            } else if (!out && !parent.has(child) && child !== into && !above(into).includes(child)) {
              events.push(installed(child, into));
              parent.set(child, into);
            }
          }
          const store = new LinkStore();
          for (let start = 0, cut = 0; start < events.length; start += cuts[cut++]) {
            store.apply(events.slice(start, start + cuts[cut]));
          }
          const expected = Object.fromEntries(
            [...parent.keys()].map((serial) => [serial, above(serial).at(-1)]),
          );
          expect(store.tops()).toEqual(expected);
        },
      ),
    );
  });
});
