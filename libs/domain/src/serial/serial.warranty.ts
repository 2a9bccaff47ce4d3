import { addMonthsUtc } from '../shared/dates';
import type { SetSerialWarranty } from './serial.commands';
import { lookupSerial, violation } from './serial.checks';
import { decideEach, type RegisteredProduct, type SerialRule } from './serial.context';
import type { SerialWarrantySet } from './serial.events';
import type { Warranty } from './serial.state';

/** Sets or overrides the warranty of a serial of this product, in any state. */
export const setSerialWarranty: SerialRule<SetSerialWarranty> = {
  locations: () => [],
  decide: (command, context) => {
    const { productId, serialNumber, startsAt, endsAt, reference = null } = command.data;
    return decideEach([serialNumber], () => {
      if (lookupSerial(context, productId, serialNumber).kind !== 'own')
        return violation.notFound(serialNumber, productId);
      return [warrantySet(productId, serialNumber, { startsAt, endsAt }, reference)];
    });
  },
};

/** A delivery starts the product's warranty, when it has one, at the time of the delivery. */
export function deliveryWarranty(product: RegisteredProduct, now: string): Warranty | null {
  return product.warrantyMonths ? { startsAt: now, endsAt: addMonthsUtc(now, product.warrantyMonths) } : null;
}

export function warrantySet(
  productId: string,
  serialNumber: string,
  { startsAt, endsAt }: Warranty,
  reference: string | null,
): SerialWarrantySet {
  return { type: 'SerialWarrantySet', data: { productId, serialNumber, startsAt, endsAt, reference } };
}
