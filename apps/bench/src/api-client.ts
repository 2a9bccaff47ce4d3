const REQUEST_TIMEOUT_MS = 120_000;
/** X-Min-Position waits at most 5 s per request (API.md); this many 503s in a row is a failure. */
const MAX_BEHIND_RETRIES = 24;

export const PRODUCT_ID = 'BENCH-LAPTOP';
export const STOCK = 'WH/Stock';

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** Wall time from sending the request to the parsed body. */
  readonly seconds: number;
}

interface ProjectionRow {
  readonly name: string;
  readonly checkpoint: string;
  readonly lag: number;
  readonly rebuilding: boolean;
}

/** A thin fetch wrapper for the bench's own sequential requests (the load tests use autocannon). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get authorization(): string {
    return `Bearer ${this.token}`;
  }

  async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const startedAt = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    return { status: response.status, body: parsed, seconds: (performance.now() - startedAt) / 1000 };
  }

  /** A command that must succeed; returns its time and the position to read it back at. */
  async command(path: string, body: unknown): Promise<{ seconds: number; position: string }> {
    const response = await this.request('POST', path, body);
    if (response.status !== 200) throw unexpected('POST', path, response);
    return { seconds: response.seconds, position: (response.body as { position: string }).position };
  }

  /**
   * Seconds from `since` until a read of `serialNumber` with X-Min-Position answers with `status`:
   * the read-your-writes path a frontend takes, so the figure includes what it waits for.
   */
  async secondsUntilVisible(serialNumber: string, position: string, status: string, since: number) {
    const path = `/v1/products/${PRODUCT_ID}/serials/${encodeURIComponent(serialNumber)}`;
    for (let attempt = 0; attempt < MAX_BEHIND_RETRIES; attempt++) {
      const response = await this.request('GET', path, undefined, { 'x-min-position': position });
      if (response.status === 503) continue;
      const view = response.body as { status?: string };
      if (response.status !== 200 || view.status !== status) throw unexpected('GET', path, response);
      return (performance.now() - since) / 1000;
    }
    throw new Error(`The read models did not reach position ${position} within ${MAX_BEHIND_RETRIES * 5} s`);
  }

  async projections(): Promise<ProjectionRow[]> {
    const response = await this.request('GET', '/v1/admin/projections');
    if (response.status !== 200) throw unexpected('GET', '/v1/admin/projections', response);
    return response.body as ProjectionRow[];
  }

  /** The event store's head position, as the projections report it (checkpoint + lag). */
  async headPosition(): Promise<number> {
    const rows = await this.projections();
    return Math.max(0, ...rows.map((row) => Number(row.checkpoint) + row.lag));
  }

  /** Waits (bounded) until every projection has caught up; returns the seconds it took. */
  async waitCaughtUp(timeoutMs: number): Promise<number> {
    const startedAt = performance.now();
    while (performance.now() - startedAt < timeoutMs) {
      const rows = await this.projections();
      if (rows.every((row) => row.lag === 0 && !row.rebuilding)) {
        return (performance.now() - startedAt) / 1000;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`The projections did not catch up within ${timeoutMs} ms`);
  }

  /** Serials on hand of the bench product within WH/Stock (its bins included), from the stock report. */
  async onHand(): Promise<number> {
    const path = `/v1/reports/stock?locationId=${encodeURIComponent(STOCK)}&includeChildren=true&productId=${PRODUCT_ID}&groupBy=product`;
    const response = await this.request('GET', path);
    if (response.status !== 200) throw unexpected('GET', path, response);
    const items = (response.body as { items: { onHand: number }[] }).items;
    return items.reduce((sum, item) => sum + item.onHand, 0);
  }

  /** The serial-tracked product every scenario uses; created once per data directory. */
  async createProduct(): Promise<void> {
    const product = {
      id: PRODUCT_ID,
      sku: 'BL-15',
      name: 'Bench laptop',
      type: 'storable',
      tracking: 'serial',
      warrantyMonths: 24,
    };
    const response = await this.request('POST', '/v1/products', product);
    if (response.status !== 201) throw unexpected('POST', '/v1/products', response);
  }
}

export function unexpected(method: string, path: string, response: ApiResponse): Error {
  const body = JSON.stringify(response.body)?.slice(0, 500);
  return new Error(`${method} ${path} answered ${response.status}: ${body}`);
}
