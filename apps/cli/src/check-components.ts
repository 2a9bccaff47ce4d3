import type { SerialDocument } from '@serial/read-models';

type Ref = { productId: string; serialNumber: string };
const keyOf = (ref: Ref) => JSON.stringify([ref.productId, ref.serialNumber]);

/**
 * The assemblies as the parents' streams record them (ComponentsInstalled, ComponentsUninstalled),
 * to compare with the components' own `installedIn` and with the component tree the read models serve.
 */
export class ComponentLinks {
  private readonly byParent = new Map<string, { parent: Ref; components: Map<string, Ref> }>();

  observe(event: { type: string; data: Record<string, unknown> }): void {
    if (event.type !== 'ComponentsInstalled' && event.type !== 'ComponentsUninstalled') return;
    const parent = { productId: String(event.data.productId), serialNumber: String(event.data.serialNumber) };
    const entry = this.byParent.get(keyOf(parent)) ?? { parent, components: new Map<string, Ref>() };
    for (const component of event.data.components as Ref[]) {
      if (event.type === 'ComponentsInstalled') entry.components.set(keyOf(component), component);
      else entry.components.delete(keyOf(component));
    }
    this.byParent.set(keyOf(parent), entry);
  }

  /**
   * Each installed serial is listed by its parent's stream and each listed component names that parent
   * (the two events of one append); each parent's served components are those its stream lists.
   */
  async differences(
    documents: ReadonlyMap<string, SerialDocument>,
    servedComponents: (parent: Ref) => Promise<Ref[]>,
  ): Promise<string[]> {
    const differences: string[] = [];
    for (const [id, document] of documents) {
      const parent = document.installedIn;
      if (parent && !this.byParent.get(keyOf(parent))?.components.has(id)) {
        differences.push(`${id}: installedIn ${keyOf(parent)}, whose stream does not list it`);
      }
    }
    for (const [parentId, { parent, components }] of this.byParent) {
      for (const [id, component] of components) {
        const installedIn = documents.get(id)?.installedIn;
        if (!installedIn || keyOf(installedIn) !== parentId) {
          differences.push(
            `${parentId}: lists component ${keyOf(component)}, installed in ${installedIn ? keyOf(installedIn) : 'nothing'}`,
          );
        }
      }
      if (components.size === 0) continue;
      const served = (await servedComponents(parent)).map(keyOf).sort();
      const expected = [...components.keys()].sort();
      if (JSON.stringify(served) !== JSON.stringify(expected)) {
        differences.push(
          `${parentId}: components ${served.join(' ')} in the read models, ${expected.join(' ')} from the events`,
        );
      }
    }
    return differences;
  }
}
