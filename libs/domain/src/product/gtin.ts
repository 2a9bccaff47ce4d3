import { DomainError } from '../shared/domain-error';

/** GTIN-8/12/13 are GTIN-14 with the leading zeros dropped: stored and compared as 14 digits (API.md). */
export const toGtin14 = (gtin: string): string => gtin.padStart(14, '0');

/** One stream per GTIN, the uniqueness guard of GTINs across products, as a serial's is of its number. */
export const gtinStreamId = (gtin: string): string => `gtin-${toGtin14(gtin)}`;

export type GtinClaimed = { type: 'GtinClaimed'; data: { gtin: string; productId: string } };
export type GtinReleased = { type: 'GtinReleased'; data: { gtin: string; productId: string } };
export type GtinEvent = GtinClaimed | GtinReleased;

/** The product that holds the GTIN now, if any. */
export type GtinState = { holder: string | null };

export const initialGtinState: GtinState = { holder: null };

export function evolveGtin(state: GtinState, event: GtinEvent): GtinState {
  switch (event.type) {
    case 'GtinClaimed':
      return { holder: event.data.productId };
    case 'GtinReleased':
      return state.holder === event.data.productId ? { holder: null } : state;
    default:
      return state;
  }
}

/** The events that give `gtin` to `productId`; none when it holds it already. */
export function claimGtin(state: GtinState, gtin: string, productId: string): GtinEvent[] {
  if (state.holder === productId) return [];
  if (state.holder !== null) throw gtinAlreadyUsed(gtin, state.holder);
  return [{ type: 'GtinClaimed', data: { gtin, productId } }];
}

/** The events that free `gtin` from `productId`; none when it does not hold it (a GTIN stored before guards). */
export function releaseGtin(state: GtinState, gtin: string, productId: string): GtinEvent[] {
  return state.holder === productId ? [{ type: 'GtinReleased', data: { gtin, productId } }] : [];
}

export function gtinAlreadyUsed(gtin: string, holder: string): DomainError {
  return new DomainError('GTIN_ALREADY_USED', `GTIN ${gtin} is already used by product ${holder}`);
}
