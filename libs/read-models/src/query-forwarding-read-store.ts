import type { MovementDocument } from './projections/movement-view';
import type { SerialDocument } from './projections/serial-view';
import type {
  ComponentNode,
  HistoryEntry,
  LocationDocument,
  LocationFilter,
  MovementFilter,
  Page,
  PageRequest,
  ProductDocument,
  ReadStore,
  SerialFilter,
  StockQuery,
  StockRow,
  TraceDocument,
  TraceQuery,
  WarrantyQuery,
} from './read-store.port';

type QueryName =
  | 'getSerial'
  | 'listSerials'
  | 'serialHistory'
  | 'stock'
  | 'warranties'
  | 'getProduct'
  | 'findProductByGtin'
  | 'listProducts'
  | 'getLocation'
  | 'listLocations'
  | 'getMovement'
  | 'listMovements'
  | 'trace'
  | 'componentTree'
  | 'installedInChain';

/** The port's queries as one generation of read models answers them: at once (SQLite) or later (MongoDB). */
export type GenerationQueries = {
  [K in QueryName]: (
    ...args: Parameters<ReadStore[K]>
  ) => Awaited<ReturnType<ReadStore[K]>> | ReturnType<ReadStore[K]>;
};

/**
 * Every query of the ReadStore port, forwarded to the generation that serves now. The adapters differ
 * only in how they find that generation and guard the call (`read`).
 */
export abstract class QueryForwardingReadStore implements Pick<ReadStore, QueryName> {
  protected abstract read<T>(query: (queries: GenerationQueries) => T | Promise<T>): T | Promise<T>;

  async getSerial(productId: string, serialNumber: string): Promise<SerialDocument | null> {
    return this.read((queries) => queries.getSerial(productId, serialNumber));
  }

  async listSerials(filter: SerialFilter, page: PageRequest): Promise<Page<SerialDocument>> {
    return this.read((queries) => queries.listSerials(filter, page));
  }

  async serialHistory(productId: string, serialNumber: string): Promise<HistoryEntry[]> {
    return this.read((queries) => queries.serialHistory(productId, serialNumber));
  }

  async stock(query: StockQuery): Promise<StockRow[]> {
    return this.read((queries) => queries.stock(query));
  }

  async warranties(query: WarrantyQuery, page: PageRequest): Promise<Page<SerialDocument>> {
    return this.read((queries) => queries.warranties(query, page));
  }

  async getProduct(id: string): Promise<ProductDocument | null> {
    return this.read((queries) => queries.getProduct(id));
  }

  async findProductByGtin(gtin14: string): Promise<ProductDocument | null> {
    return this.read((queries) => queries.findProductByGtin(gtin14));
  }

  async listProducts(page: PageRequest): Promise<Page<ProductDocument>> {
    return this.read((queries) => queries.listProducts(page));
  }

  async getLocation(id: string): Promise<LocationDocument | null> {
    return this.read((queries) => queries.getLocation(id));
  }

  async listLocations(filter: LocationFilter, page: PageRequest): Promise<Page<LocationDocument>> {
    return this.read((queries) => queries.listLocations(filter, page));
  }

  async getMovement(id: string): Promise<MovementDocument | null> {
    return this.read((queries) => queries.getMovement(id));
  }

  async listMovements(filter: MovementFilter, page: PageRequest): Promise<Page<MovementDocument>> {
    return this.read((queries) => queries.listMovements(filter, page));
  }

  async trace(query: TraceQuery, page: PageRequest): Promise<Page<TraceDocument>> {
    return this.read((queries) => queries.trace(query, page));
  }

  async componentTree(productId: string, serialNumber: string): Promise<ComponentNode[]> {
    return this.read((queries) => queries.componentTree(productId, serialNumber));
  }

  async installedInChain(productId: string, serialNumber: string): Promise<SerialDocument[]> {
    return this.read((queries) => queries.installedInChain(productId, serialNumber));
  }
}
