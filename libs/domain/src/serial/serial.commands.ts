/** Commands on serials. Each names many serials and is all-or-nothing (API.md "Serial commands"). */
type ForSerials = { productId: string; serialNumbers: readonly string[] };

export type RegisterSerials = {
  type: 'RegisterSerials';
  data: ForSerials & { internalReference?: string; purchaseReference?: string; lot?: string };
};
export type ReceiveSerials = {
  type: 'ReceiveSerials';
  data: ForSerials & {
    toLocationId: string;
    fromLocationId: string;
    vendorId?: string;
    reference?: string;
    movementId?: string;
  };
};
export type DeliverSerials = {
  type: 'DeliverSerials';
  data: ForSerials & {
    fromLocationId: string;
    toLocationId: string;
    customerId: string;
    reference?: string;
    movementId?: string;
  };
};
export type TransferSerials = {
  type: 'TransferSerials';
  data: ForSerials & {
    fromLocationId: string;
    toLocationId: string;
    reference?: string;
    movementId?: string;
  };
};
export type ReturnSerials = {
  type: 'ReturnSerials';
  data: ForSerials & { customerId: string; toLocationId: string; reason?: string; reference?: string };
};
export type ScrapSerials = {
  type: 'ScrapSerials';
  data: ForSerials & { fromLocationId: string; reason: string };
};
export type AdjustSerial = {
  type: 'AdjustSerial';
  data: {
    productId: string;
    serialNumber: string;
    locationId: string;
    direction: 'found' | 'lost';
    reason: string;
  };
};
export type CorrectSerial = {
  type: 'CorrectSerial';
  data: {
    productId: string;
    wrongSerialNumber: string;
    correctSerialNumber: string;
    locationId: string;
    reason: string;
    reference?: string;
  };
};
export type ReserveSerials = {
  type: 'ReserveSerials';
  data: ForSerials & { reference: string; locationId?: string };
};
export type ReleaseSerials = { type: 'ReleaseSerials'; data: ForSerials & { reference: string } };
export type SetSerialWarranty = {
  type: 'SetSerialWarranty';
  data: { productId: string; serialNumber: string; startsAt: string; endsAt: string; reference?: string };
};

export type SerialCommand =
  | RegisterSerials
  | ReceiveSerials
  | DeliverSerials
  | TransferSerials
  | ReturnSerials
  | ScrapSerials
  | AdjustSerial
  | CorrectSerial
  | ReserveSerials
  | ReleaseSerials
  | SetSerialWarranty;

/** Every serial number a command names, in request order. */
export function serialNumbersOf(command: SerialCommand): readonly string[] {
  switch (command.type) {
    case 'AdjustSerial':
    case 'SetSerialWarranty':
      return [command.data.serialNumber];
    case 'CorrectSerial':
      return [command.data.wrongSerialNumber, command.data.correctSerialNumber];
    default:
      return command.data.serialNumbers;
  }
}
