import type { Filter } from 'mongodb';
import { MAX_ASSEMBLY_LEVELS, type SerialRef } from '@serial/domain';
import { linkKey, type ComponentLink } from '../projections/component-links';
import type { SerialDocument } from '../projections/serial-view';
import type { ComponentNode, Page, PageRequest, TraceDocument, TraceQuery } from '../read-store.port';
import { nestComponents, TraceEntries, traceCursorKey, tracePage } from '../trace-pages';
import { componentId, fromComponentRecord, type ComponentRecord } from './component-records';
import type { MongoGeneration } from './generations';
import { pageSizePlusOne, SERIAL_ORDER } from './query-documents';
import { fromHistoryRecord, fromSerialRecord, type HistoryRecord, type SerialRecord } from './records';

const HISTORY_ORDER = { productId: 1, serialNumber: 1, position: 1 } as const;

/**
 * The traceability queries of one generation, on the `by_<field>` history indexes and `by_lot`: a
 * trace reads entries in (product, serial, position) order and stops at the first serial past the
 * page; the components collection gives each serial's outermost unit in one `$in`.
 */
export class MongoTraceQueries {
  constructor(private readonly generation: MongoGeneration) {}

  async trace(query: TraceQuery, page: PageRequest): Promise<Page<TraceDocument>> {
    const pageSize = pageSizePlusOne(page.limit);
    const after = traceCursorKey(query, page);
    const found = new TraceEntries(page.limit);
    const scope: Filter<HistoryRecord> = {};
    if (query.productId !== undefined) scope.productId = { $eq: query.productId };
    if (after) {
      scope.$or = [
        { productId: { $gt: after[0] } },
        { productId: { $eq: after[0] }, serialNumber: { $gt: after[1] } },
      ];
    }
    const history = this.generation.collection<HistoryRecord>('serial_history');
    if (query.key === 'lot') {
      const serials = await this.generation
        .collection<SerialRecord>('serials')
        .find({ ...(scope as Filter<SerialRecord>), lot: { $eq: query.value } })
        .sort(SERIAL_ORDER)
        .limit(pageSize)
        .project<SerialRef>({ _id: 0, productId: 1, serialNumber: 1 })
        .toArray();
      const records =
        serials.length === 0
          ? []
          : await history
              .find({
                $or: serials.map((ref) => ({ productId: ref.productId, serialNumber: ref.serialNumber })),
              })
              .sort(HISTORY_ORDER)
              .toArray();
      records.forEach((record) => found.add(refOf(record), fromHistoryRecord(record)));
    } else {
      const cursor = history.find({ ...scope, [query.key]: { $eq: query.value } }).sort(HISTORY_ORDER);
      for await (const record of cursor) {
        if (!found.add(refOf(record), fromHistoryRecord(record))) break;
      }
      await cursor.close();
    }
    const links = await this.linksOf(found.serials);
    const topViews = await this.serialsOf(links.map((link) => link.top));
    const tops = new Map<string, SerialDocument>();
    for (const link of links) {
      const top = topViews.get(linkKey(link.top));
      if (top) tops.set(linkKey(link), top);
    }
    return tracePage(query, found, page.limit, await this.serialsOf(found.serials), tops);
  }

  async componentTree(productId: string, serialNumber: string): Promise<ComponentNode[]> {
    const links: ComponentLink[] = [];
    let level: SerialRef[] = [{ productId, serialNumber }];
    for (let depth = 1; depth <= MAX_ASSEMBLY_LEVELS && level.length > 0; depth += 1) {
      const below = await this.components()
        .find({
          $or: level.map((ref) => ({
            'parent.productId': ref.productId,
            'parent.serialNumber': ref.serialNumber,
          })),
        })
        .toArray();
      level = below.map(fromComponentRecord);
      links.push(...(level as ComponentLink[]));
    }
    return nestComponents({ productId, serialNumber }, links);
  }

  async installedInChain(productId: string, serialNumber: string): Promise<SerialDocument[]> {
    const chain: SerialRef[] = [];
    let link = await this.components().findOne({ _id: componentId({ productId, serialNumber }) });
    while (link && chain.length < MAX_ASSEMBLY_LEVELS) {
      chain.push(link.parent);
      link = await this.components().findOne({ _id: componentId(link.parent) });
    }
    const views = await this.serialsOf(chain);
    return chain.flatMap((ref) => views.get(linkKey(ref)) ?? []);
  }

  private async linksOf(refs: readonly SerialRef[]): Promise<ComponentLink[]> {
    if (refs.length === 0) return [];
    const records = await this.components()
      .find({ _id: { $in: refs.map(componentId) } })
      .toArray();
    return records.map(fromComponentRecord);
  }

  private async serialsOf(refs: readonly SerialRef[]): Promise<Map<string, SerialDocument>> {
    if (refs.length === 0) return new Map();
    const records = await this.generation
      .collection<SerialRecord>('serials')
      .find({ _id: { $in: refs.map(componentId) } })
      .toArray();
    return new Map(records.map(fromSerialRecord).map((view) => [linkKey(view), view]));
  }

  private components() {
    return this.generation.collection<ComponentRecord>('components');
  }
}

const refOf = (record: HistoryRecord): SerialRef => ({
  productId: record.productId,
  serialNumber: record.serialNumber,
});
