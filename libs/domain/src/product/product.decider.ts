import { DomainError } from '../shared/domain-error';
import type { ProductType, TrackingMode } from '../shared/master-data';
import type { ProductCommand } from './product.commands';
import type { ProductEvent } from './product.events';
import { toGtin14 } from './gtin';
import { assertSerialFormatCompiles } from './serial-format';

type RegisteredProduct = {
  status: 'registered';
  productId: string;
  sku: string;
  name: string;
  productType: ProductType;
  tracking: TrackingMode;
  /** 14 digits. */
  gtin: string | null;
  warrantyMonths: number | null;
  /** New serials of the product must match it (serial-format.ts); null: any serial number. */
  serialFormat: string | null;
  /** A serial of it exists: its tracking can no longer change. */
  hasSerials: boolean;
};

export type ProductState = { status: 'unregistered' } | RegisteredProduct;

export const initialProductState: ProductState = { status: 'unregistered' };

/** Events stored before GTINs were normalised may hold 8, 12 or 13 digits. */
const gtin14 = (gtin: string | null): string | null => (gtin === null ? null : toGtin14(gtin));

export function evolveProduct(state: ProductState, event: ProductEvent): ProductState {
  switch (event.type) {
    case 'ProductRegistered': {
      const { productType, gtin, serialFormat, ...rest } = event.data;
      return {
        status: 'registered',
        ...rest,
        productType,
        gtin: gtin14(gtin),
        // A version 1 event has none.
        serialFormat: serialFormat ?? null,
        hasSerials: false,
      };
    }
    case 'ProductUpdated': {
      if (state.status !== 'registered') return state;
      const { gtin, ...rest } = definedOnly(event.data);
      return { ...state, ...rest, ...(gtin === undefined ? {} : { gtin: gtin14(gtin) }) };
    }
    case 'ProductFirstSerialCreated':
      return state.status === 'registered' ? { ...state, hasSerials: true } : state;
    default:
      return state;
  }
}

export function decideProduct(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'RegisterProduct': {
      const { productId, productType, tracking, gtin } = command.data;
      if (state.status === 'registered') {
        throw new DomainError('PRODUCT_ALREADY_EXISTS', `Product ${productId} already exists`);
      }
      assertTrackingAllowed(productType, tracking);
      assertSerialFormatCompiles(command.data.serialFormat);
      return [
        {
          type: 'ProductRegistered',
          data: {
            ...command.data,
            gtin: gtin14(gtin ?? null),
            warrantyMonths: command.data.warrantyMonths ?? null,
            serialFormat: command.data.serialFormat ?? null,
          },
        },
      ];
    }
    case 'UpdateProduct': {
      const { productId, tracking, gtin } = command.data;
      if (state.status !== 'registered') {
        throw new DomainError('NOT_FOUND', `Product ${productId} does not exist`);
      }
      if (tracking !== undefined) assertTrackingChangeable(state, tracking);
      assertSerialFormatCompiles(command.data.serialFormat);
      const data = definedOnly({ ...command.data, gtin: gtin === undefined ? undefined : gtin14(gtin) });
      return [{ type: 'ProductUpdated', data: data as ProductUpdatedData }];
    }
    default: {
      const exhaustive: never = command;
      throw new Error(`Unknown command ${JSON.stringify(exhaustive)}`);
    }
  }
}

type ProductUpdatedData = Extract<ProductEvent, { type: 'ProductUpdated' }>['data'];

function assertTrackingAllowed(productType: ProductType, tracking: TrackingMode): void {
  if (tracking === 'serial' && productType !== 'storable') {
    throw new DomainError(
      'TRACKING_REQUIRES_STORABLE',
      `Serial tracking needs a storable product; this one is ${productType}`,
    );
  }
}

/** Its serials would otherwise be stranded: every command on them refuses an untracked product. */
function assertTrackingChangeable(product: RegisteredProduct, tracking: TrackingMode): void {
  if (tracking !== product.tracking && product.hasSerials) {
    throw new DomainError(
      'PRODUCT_HAS_SERIALS',
      `Product ${product.productId} has serials; its tracking stays '${product.tracking}'`,
    );
  }
  assertTrackingAllowed(product.productType, tracking);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The marker a command appends to the product's stream when it creates the product's first serial
 * (register, receive or adjust found of a new serial, a correction's new serial, a receipt movement);
 * nothing once the product has serials.
 */
export function firstSerialEvents(product: ProductState, created: readonly string[]): ProductEvent[] {
  if (product.status !== 'registered' || product.hasSerials || created.length === 0) return [];
  const { productId } = product;
  return [{ type: 'ProductFirstSerialCreated', data: { productId, serialNumber: created[0] } }];
}
