import type { ProductType, TrackingMode } from '../shared/master-data';

/** Schema version 2 carries `serialFormat`; a version 1 product has none. */
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
    serialFormat: string | null;
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
    /** Null removes the format. */
    serialFormat?: string | null;
  };
};

/**
 * The product's first serial was created. Appended with that serial's creation, in the same atomic
 * append and at the product stream's expected revision, so the product's own stream knows for certain
 * that serials exist: a tracking change racing the first receipt conflicts instead of both winning.
 */
export type ProductFirstSerialCreated = {
  type: 'ProductFirstSerialCreated';
  data: { productId: string; serialNumber: string };
};

export type ProductEvent = ProductRegistered | ProductUpdated | ProductFirstSerialCreated;
