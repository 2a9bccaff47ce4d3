import type { StoredEvent } from '../shared/recorded';
import type { SerialEvent, SerialRef } from '../serial/serial.events';
import type { KnownSerial, SerialState } from '../serial/serial.state';
import { MAX_ASSEMBLY_LEVELS, refKey, sameSerial } from './assembly.commands';

/** A serial's stream as the assembly rules read it: its state, and what is installed in it now. */
export interface AssemblyNode {
  readonly state: SerialState;
  readonly components: readonly SerialRef[];
}

/** The serials whose streams a command has read; undefined for one it has not (yet) read. */
export type AssemblyNodes = (ref: SerialRef) => AssemblyNode | undefined;

/** The direct components of a serial, from the parent's side of its installs and uninstalls. */
export function foldComponents(events: readonly StoredEvent[]): readonly SerialRef[] {
  let components: SerialRef[] = [];
  for (const stored of events) {
    const event = stored as unknown as SerialEvent;
    if (event.type === 'ComponentsInstalled') {
      components = [...components, ...event.data.components];
    } else if (event.type === 'ComponentsUninstalled') {
      const out = new Set(event.data.components.map(refKey));
      components = components.filter((component) => !out.has(refKey(component)));
    }
  }
  return components;
}

/** The serial's state when it is this product's (with global uniqueness a stream may be another's). */
export function ownSerial(nodes: AssemblyNodes, ref: SerialRef): KnownSerial | null {
  const state = nodes(ref)?.state;
  return state?.status === 'known' && state.productId === ref.productId ? state : null;
}

/**
 * The parent and the serials it is installed in, innermost first, as far as they are read and at most
 * MAX_ASSEMBLY_LEVELS of them. `depth` is the parent's level (the outermost unit is 1), or Infinity
 * when the walk did not reach the outermost unit: it is then deeper than any install may go. `next` is
 * the serial to read to go on, if any.
 */
export function parentChain(
  nodes: AssemblyNodes,
  parent: SerialRef,
): { chain: readonly SerialRef[]; depth: number; next: SerialRef | null } {
  const chain: SerialRef[] = [];
  let ref: SerialRef | null = parent;
  while (ref !== null && chain.length < MAX_ASSEMBLY_LEVELS) {
    if (nodes(ref) === undefined) return { chain, depth: Infinity, next: ref };
    const serial = ownSerial(nodes, ref);
    if (serial === null) return { chain, depth: Infinity, next: null };
    chain.push(ref);
    ref = serial.installedIn;
  }
  return { chain, depth: ref === null ? chain.length : Infinity, next: null };
}

/**
 * The levels of the serial's own assembly (1 for a serial with nothing installed in it), or Infinity
 * once that is more than `budget`, or when a serial within the budget has not been read.
 */
export function assemblyHeight(nodes: AssemblyNodes, ref: SerialRef, budget: number): number {
  const node = nodes(ref);
  if (node === undefined || budget < 1) return Infinity;
  if (node.components.length === 0) return 1;
  let tallest = 0;
  for (const component of node.components) {
    tallest = Math.max(tallest, assemblyHeight(nodes, component, budget - 1));
    if (tallest === Infinity) return Infinity;
  }
  return 1 + tallest;
}

/**
 * The serials an install still has to read to decide: the next one up the parent's chain, and the
 * components of its components, level by level, as deep as the parent's depth known so far allows.
 * The walk stops by itself after MAX_ASSEMBLY_LEVELS rounds at most.
 */
export function unreadAssemblySerials(
  nodes: AssemblyNodes,
  parent: SerialRef,
  components: readonly SerialRef[],
): SerialRef[] {
  const { chain, next } = parentChain(nodes, parent);
  const unread: SerialRef[] = next === null ? [] : [next];
  const budget = MAX_ASSEMBLY_LEVELS - Math.max(chain.length, 1);
  const visit = (ref: SerialRef, level: number) => {
    const node = nodes(ref);
    if (node === undefined) {
      unread.push(ref);
      return;
    }
    if (level >= budget || chain.some((above) => sameSerial(above, ref))) return;
    for (const component of node.components) visit(component, level + 1);
  };
  for (const component of components) visit(component, 1);
  return unread;
}
