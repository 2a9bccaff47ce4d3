import type { ProductType, TrackingMode } from '../shared/master-data';

export type RegisterProduct = {
  type: 'RegisterProduct';
  data: {
    productId: string;
    sku: string;
    name: string;
    productType: ProductType;
    tracking: TrackingMode;
    gtin?: string | null;
    warrantyMonths?: number | null;
    serialFormat?: string | null;
  };
};

export type UpdateProduct = {
  type: 'UpdateProduct';
  data: {
    productId: string;
    name?: string;
    tracking?: TrackingMode;
    gtin?: string | null;
    warrantyMonths?: number | null;
    serialFormat?: string | null;
  };
};

export type ProductCommand = RegisterProduct | UpdateProduct;
