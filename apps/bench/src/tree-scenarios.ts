import { PRODUCT_ID, STOCK, unexpected, type ApiClient } from './api-client';
import type { FigureSet } from './figures';
import type { BenchOptions } from './options';

/** The warehouse the on-hand pass fills: zones under WH/Stock, bins under each zone. */
export interface BenchTree {
  readonly zones: string[];
  readonly bins: string[];
}

/** 10 zones of 100 bins (the 1,000 bins), or 2 of 5 with --quick. */
export function treeShape(options: BenchOptions): { zones: number; binsPerZone: number } {
  return options.quick ? { zones: 2, binsPerZone: 5 } : { zones: 10, binsPerZone: 100 };
}

async function createLocation(api: ApiClient, id: string, parentId: string): Promise<void> {
  const response = await api.request('POST', '/v1/locations', { id, name: id, type: 'internal', parentId });
  // The on-hand pass may run against a data directory that has the tree already.
  if (response.status !== 201 && response.status !== 409) throw unexpected('POST', '/v1/locations', response);
}

export async function createTree(api: ApiClient, options: BenchOptions): Promise<BenchTree> {
  const { zones: zoneCount, binsPerZone } = treeShape(options);
  const zones = Array.from({ length: zoneCount }, (_, z) => `${STOCK}/Z${String(z).padStart(2, '0')}`);
  const bins: string[] = [];
  for (const zone of zones) {
    await createLocation(api, zone, STOCK);
    for (let b = 0; b < binsPerZone; b++) {
      const bin = `${zone}/B${String(b).padStart(3, '0')}`;
      await createLocation(api, bin, zone);
      bins.push(bin);
    }
  }
  return { zones, bins };
}

/** The p-th percentile (0-100) of the samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timedGet(api: ApiClient, path: string): Promise<{ ms: number; body: unknown }> {
  const response = await api.request('GET', path);
  if (response.status !== 200) throw unexpected('GET', path, response);
  return { ms: response.seconds * 1000, body: response.body };
}

const within = (locationId: string) => `locationId=${encodeURIComponent(locationId)}&includeChildren=true`;

/**
 * Reads over the subtree, sequentially from one client: pages of 100 serials within a zone or the whole
 * warehouse (first pages, and a walk deeper into WH/Stock by cursor), and the stock report of WH/Stock
 * with every bin in it. One run's p50 and p99 are figures; the table shows their median over the runs.
 */
export async function measureTreeReads(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  tree: BenchTree,
): Promise<void> {
  const pages = options.quick ? 20 : 300;
  const reports = options.quick ? 5 : 40;
  const listMs: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const deep = i % 2 === 1;
    const location = deep ? STOCK : tree.zones[i % tree.zones.length];
    const after = deep && cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await timedGet(
      api,
      `/v1/serials?${within(location)}&productId=${PRODUCT_ID}&limit=100${after}`,
    );
    if (deep) cursor = (page.body as { nextCursor: string | null }).nextCursor;
    listMs.push(page.ms);
  }
  const reportMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < reports; i++) {
    const report = await timedGet(api, `/v1/reports/stock?${within(STOCK)}`);
    rows = (report.body as { items: unknown[] }).items.length;
    reportMs.push(report.ms);
  }
  const list = { unit: 'ms', better: 'lower' } as const;
  const listLabel = `subtree serial list page (limit 100, includeChildren)`;
  figures.add({ ...list, key: 'treeListP50', label: `${listLabel} p50` }, percentile(listMs, 50));
  figures.add(
    { ...list, key: 'treeListP99', label: `  p99`, target: { op: '<=', value: 50 } },
    percentile(listMs, 99),
  );
  const reportLabel = `stock report of WH/Stock with children (${rows.toLocaleString('en-US')} rows)`;
  figures.add({ ...list, key: 'treeReportP50', label: `${reportLabel} p50` }, percentile(reportMs, 50));
  figures.add(
    { ...list, key: 'treeReportP99', label: `  p99`, target: { op: '<=', value: 200 } },
    percentile(reportMs, 99),
  );
}
