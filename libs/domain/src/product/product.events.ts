import type { ProductType, TrackingMode } from '../shared/master-data';

export type ProductRegistered = {
  type: 'ProductRegistered';
  data: {
    productId: string;
    sku: string;
    name: string;
    productType: ProductType;
    tracking: TrackingMode;
    gtin: string | null;
    warrantyMonths: number | null;
  };
};

export type ProductUpdated = {
  type: 'ProductUpdated';
  data: {
    productId: string;
    name?: string;
    tracking?: TrackingMode;
    gtin?: string | null;
    warrantyMonths?: number | null;
  };
};

export type ProductEvent = ProductRegistered | ProductUpdated;
