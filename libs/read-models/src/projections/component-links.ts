import type { SerialRef } from '@serial/domain';
import type { ProjectedEvent } from './projected-event';

/**
 * The component tree as stored: one link per serial installed in another now, with the outermost unit
 * it is in (`top`). Installing or uninstalling a unit that holds components rewrites `top` on its whole
 * subtree, so that reading a serial's outermost unit is one lookup whatever the depth.
 */
export interface ComponentLink {
  productId: string;
  serialNumber: string;
  parent: SerialRef;
  top: SerialRef;
  installedAt: string;
  /** The event that last changed the link: its install, or a move of its top. */
  position: string;
}

export const COMPONENT_EVENT_TYPES = ['SerialInstalled', 'SerialUninstalled'] as const;

export const linkKey = (ref: SerialRef): string => JSON.stringify([ref.productId, ref.serialNumber]);

/** What a batch changes: the links to write, and the serials no longer installed (with the event's position). */
export interface ComponentLinkChanges {
  readonly upserts: ComponentLink[];
  readonly deletes: { ref: SerialRef; position: string }[];
}

/** The serials a batch's events name: each component and its parent. Their links, and their subtrees', must be loaded. */
export function serialsOfLinkEvents(events: readonly ProjectedEvent[]): SerialRef[] {
  const refs = new Map<string, SerialRef>();
  for (const event of events) {
    for (const ref of [refOf(event.data), refOf(event.data.parent)]) refs.set(linkKey(ref), ref);
  }
  return [...refs.values()];
}

/**
 * Folds a batch of installs and uninstalls (in position order) into the links loaded before it. The
 * loaded links must hold every link of the serials the events name and of everything installed in them.
 * A serial installed into P takes P's top (P itself when P is not installed), and so does its subtree;
 * one uninstalled becomes the top of its own subtree.
 */
export function foldComponentLinks(
  loaded: Iterable<ComponentLink>,
  events: readonly ProjectedEvent[],
): ComponentLinkChanges {
  const links = new Map<string, ComponentLink>();
  const children = new Map<string, Set<string>>();
  const attach = (link: ComponentLink) => {
    const key = linkKey(link);
    links.set(key, link);
    const siblings = children.get(linkKey(link.parent)) ?? new Set<string>();
    siblings.add(key);
    children.set(linkKey(link.parent), siblings);
  };
  const detach = (key: string) => {
    const link = links.get(key);
    if (link) children.get(linkKey(link.parent))?.delete(key);
    links.delete(key);
  };
  for (const link of loaded) attach(link);
  const changed = new Map<string, SerialRef>();
  const deletedAt = new Map<string, string>();
  const retop = (key: string, top: SerialRef, position: string) => {
    for (const child of children.get(key) ?? []) {
      const link = links.get(child) as ComponentLink;
      links.set(child, { ...link, top, position });
      changed.set(child, link);
      retop(child, top, position);
    }
  };

  for (const event of events) {
    const serial = refOf(event.data);
    const key = linkKey(serial);
    const position = event.position.toString();
    detach(key);
    changed.set(key, serial);
    if (event.type === 'SerialInstalled') {
      const parent = refOf(event.data.parent);
      const top = links.get(linkKey(parent))?.top ?? parent;
      attach({ ...serial, parent, top, installedAt: event.recordedAt.toISOString(), position });
      deletedAt.delete(key);
      retop(key, top, position);
    } else {
      deletedAt.set(key, position);
      retop(key, serial, position);
    }
  }

  const upserts: ComponentLink[] = [];
  const deletes: { ref: SerialRef; position: string }[] = [];
  for (const [key, ref] of changed) {
    const link = links.get(key);
    if (link) upserts.push(link);
    else deletes.push({ ref: refOf(ref), position: deletedAt.get(key) as string });
  }
  return { upserts, deletes };
}

function refOf(value: unknown): SerialRef {
  const { productId, serialNumber } = value as SerialRef;
  return { productId: String(productId), serialNumber: String(serialNumber) };
}
