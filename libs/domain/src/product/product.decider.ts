import { DomainError } from '../shared/domain-error';
import type { ProductType, TrackingMode } from '../shared/master-data';
import type { ProductCommand } from './product.commands';
import type { ProductEvent } from './product.events';

export type ProductState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      productId: string;
      sku: string;
      name: string;
      productType: ProductType;
      tracking: TrackingMode;
      gtin: string | null;
      warrantyMonths: number | null;
    };

export const initialProductState: ProductState = { status: 'unregistered' };

export function evolveProduct(state: ProductState, event: ProductEvent): ProductState {
  switch (event.type) {
    case 'ProductRegistered': {
      const { productType, ...rest } = event.data;
      return { status: 'registered', ...rest, productType };
    }
    case 'ProductUpdated':
      if (state.status !== 'registered') return state;
      return { ...state, ...definedOnly(event.data) };
  }
}

export function decideProduct(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'RegisterProduct': {
      const { productId, productType, tracking } = command.data;
      if (state.status === 'registered') {
        throw new DomainError('PRODUCT_ALREADY_EXISTS', `Product ${productId} already exists`);
      }
      assertTrackingAllowed(productType, tracking);
      return [
        {
          type: 'ProductRegistered',
          data: {
            ...command.data,
            gtin: command.data.gtin ?? null,
            warrantyMonths: command.data.warrantyMonths ?? null,
          },
        },
      ];
    }
    case 'UpdateProduct': {
      if (state.status !== 'registered') {
        throw new DomainError('NOT_FOUND', `Product ${command.data.productId} does not exist`);
      }
      if (command.data.tracking !== undefined)
        assertTrackingAllowed(state.productType, command.data.tracking);
      return [{ type: 'ProductUpdated', data: definedOnly(command.data) as ProductUpdatedData }];
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

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
