import type {
  LocationType,
  ProductType,
  SerialLifecycleState,
  SerialRef,
  SerialStatus,
  TrackingMode,
} from '@serial/domain';
import type { MovementDocument } from './projections/movement-view';
import type { SerialDocument } from './projections/serial-view';

/**
 * The read store port (DESIGN.md "Read store port and read models"). Query handlers read only this;
 * the projector is the only writer. Adapters: sqlite (embedded default), mongodb (later).
 */
export const READ_STORE = Symbol('READ_STORE');

/** One per serial event (API.md HistoryEntry), keyed by (streamId, revision). */
export interface HistoryEntry {
  position: string;
  revision: number;
  at: string;
  type: string;
  fromLocationId: string | null;
  toLocationId: string | null;
  movementId: string | null;
  reference: string | null;
  customerId: string | null;
  vendorId: string | null;
  reason: string | null;
  /** For the two entries of a correction, the other serial; null for every other event. */
  counterpartSerialNumber: string | null;
  userId: string;
  /** For a component's install or uninstall, the serial it went into or came out of; otherwise null. */
  parent: SerialRef | null;
  /** For a parent's install or uninstall, the components that went in or came out; otherwise null. */
  components: SerialRef[] | null;
}

export interface ProductDocument {
  id: string;
  sku: string;
  name: string;
  type: ProductType;
  tracking: TrackingMode;
  gtin: string | null;
  warrantyMonths: number | null;
  /** A regular expression new serials of the product must match as a whole; null: any. */
  serialFormat: string | null;
  createdAt: string;
  updatedAt: string;
  position: string;
}

export interface LocationDocument {
  id: string;
  name: string;
  type: LocationType;
  parentId: string | null;
  /** The ids from the root down to the location itself; fixed, as the parent is. */
  path: string[];
  createdAt: string;
  updatedAt: string;
  position: string;
}

export interface LocationFilter {
  /** Only the direct children of this location. */
  parentId?: string;
}

export interface SerialFilter {
  productId?: string;
  serialNumber?: string;
  locationId?: string;
  status?: SerialStatus;
  state?: SerialLifecycleState;
  /** The customer the serial is out at now. */
  customerId?: string;
  /** The reference of the last document that moved the serial (vendor bill, invoice, sales order). */
  reference?: string;
  /** With `locationId`: every serial within it, at it or at any location below it. */
  includeChildren?: boolean;
}

export interface StockQuery {
  productId?: string;
  locationId?: string;
  /** With `locationId`: every internal location within it. */
  includeChildren?: boolean;
  /** `location` (the default): a row per product and location; `product`: a row per product, summed. */
  groupBy?: 'location' | 'product';
}

/** Active warranties (API.md: within their dates, the unit neither scrapped nor written off) ending before a time. */
export interface WarrantyQuery {
  expiringBefore: Date;
  /** When the report is asked for: a warranty active then. */
  now: Date;
  /** Only serials out at this customer now. */
  customerId?: string;
}

export interface PageRequest {
  /** 1-1000. */
  limit: number;
  /** Opaque, from the previous page's nextCursor. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

export interface StockRow {
  productId: string;
  /** Grouped by product: the location asked for, or null for all internal locations. */
  locationId: string | null;
  available: number;
  reserved: number;
  onHand: number;
}

/** A cursor that this store did not issue (or that was altered): the caller's mistake, a 400. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this service issued');
    this.name = 'InvalidCursorError';
  }
}

export interface MovementFilter {
  status?: 'pending' | 'done' | 'cancelled';
  reference?: string;
}

/** What a trace follows (API.md "Traceability"): a document or partner on history entries, or a lot. */
export const TRACE_KEYS = ['reference', 'movementId', 'vendorId', 'customerId', 'lot'] as const;
export type TraceKey = (typeof TRACE_KEYS)[number];

export interface TraceQuery {
  key: TraceKey;
  value: string;
  productId?: string;
}

/** One serial a trace found: the entries that carry what was asked for (for a lot, all of them). */
export interface TraceDocument {
  productId: string;
  serialNumber: string;
  entries: HistoryEntry[];
  serial: SerialDocument;
  /** The outermost unit the serial is installed in now; null when it is not installed. */
  topLevel: SerialDocument | null;
}

/** A serial installed in another now, with what is installed in it in turn. */
export interface ComponentNode {
  productId: string;
  serialNumber: string;
  installedAt: string;
  components: ComponentNode[];
}

export interface ReadStore {
  getSerial(productId: string, serialNumber: string): Promise<SerialDocument | null>;
  /** Stable order (productId, serialNumber); every matching serial exactly once across pages. */
  listSerials(filter: SerialFilter, page: PageRequest): Promise<Page<SerialDocument>>;
  /** Oldest first; empty when the serial is unknown. */
  serialHistory(productId: string, serialNumber: string): Promise<HistoryEntry[]>;
  /**
   * Every serial that a history entry with `key` = `value` belongs to (for `lot`, every serial of that
   * lot), in (product, serial number) order, each exactly once across pages.
   */
  trace(query: TraceQuery, page: PageRequest): Promise<Page<TraceDocument>>;
  /** What is installed in the serial now, recursively, each level in (product, serial number) order. */
  componentTree(productId: string, serialNumber: string): Promise<ComponentNode[]>;
  /** The serials it is installed in, from its direct parent up to the outermost unit; empty when none. */
  installedInChain(productId: string, serialNumber: string): Promise<SerialDocument[]>;
  /**
   * Serials on hand in internal locations, counted per (product, location), by location then product,
   * or per product summed over the locations selected, by product. SQLite keeps the counts per
   * (location, product) in the transaction that writes the serials; MongoDB aggregates the serials.
   */
  stock(query: StockQuery): Promise<StockRow[]>;
  /** Serials whose warranty is active at `now` and ends before `expiringBefore`, ending soonest first. */
  warranties(query: WarrantyQuery, page: PageRequest): Promise<Page<SerialDocument>>;
  getProduct(id: string): Promise<ProductDocument | null>;
  /**
   * The product whose gtin, left-padded with zeros to 14 digits, equals `gtin14` (GTIN-8/12/13/14 are one
   * number written at different lengths); the lowest id when several share it; null when none.
   */
  findProductByGtin(gtin14: string): Promise<ProductDocument | null>;
  listProducts(page: PageRequest): Promise<Page<ProductDocument>>;
  getLocation(id: string): Promise<LocationDocument | null>;
  /** By id; only the direct children of `parentId` when given. */
  listLocations(filter: LocationFilter, page: PageRequest): Promise<Page<LocationDocument>>;
  getMovement(id: string): Promise<MovementDocument | null>;
  /** By id; filtered by status and reference. */
  listMovements(filter: MovementFilter, page: PageRequest): Promise<Page<MovementDocument>>;
  /** Throws when the store cannot serve (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
