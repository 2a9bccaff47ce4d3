export const PRODUCT_TYPES = ['storable', 'consumable', 'service'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

export const TRACKING_MODES = ['none', 'lot', 'serial'] as const;
export type TrackingMode = (typeof TRACKING_MODES)[number];

export const LOCATION_TYPES = ['internal', 'vendor', 'customer', 'scrap', 'adjustment', 'transit'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

/** Locations the service creates on first start (API.md "Master data"). */
export const WELL_KNOWN_LOCATIONS = {
  stock: { id: 'WH/Stock', name: 'Warehouse stock', type: 'internal' },
  vendors: { id: 'Partners/Vendors', name: 'Vendors', type: 'vendor' },
  customers: { id: 'Partners/Customers', name: 'Customers', type: 'customer' },
  scrap: { id: 'Virtual/Scrap', name: 'Scrap', type: 'scrap' },
  adjustment: { id: 'Virtual/Adjustment', name: 'Inventory adjustment', type: 'adjustment' },
} as const satisfies Record<string, { id: string; name: string; type: LocationType }>;

/** A serial in one of these is ours and physically present: on hand. */
export function isOnHandLocationType(type: LocationType | null): boolean {
  return type === 'internal' || type === 'transit';
}
