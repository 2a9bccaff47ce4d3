import { decideSerials } from './serial.decider';
import { foldSerial, serialStatus } from './serial.state';
import { history, locations, NOW, product, serialSpec } from '../testing/serial-fixtures';
import type { SerialEvent } from './serial.events';
import type { CorrectSerial } from './serial.commands';

const { received, delivered, reserved } = history;
const correct = (locationId: string, reference?: string): CorrectSerial => ({
  type: 'CorrectSerial',
  data: {
    productId: 'LAPTOP',
    wrongSerialNumber: 'SN-WRONG',
    correctSerialNumber: 'SN-RIGHT',
    locationId,
    reason: 'typo',
    ...(reference ? { reference } : {}),
  },
});

/** Decides, then folds each serial's old and new events, to assert where both end up. */
function afterCorrection(
  given: Record<string, SerialEvent[]>,
  command: CorrectSerial,
  warrantyMonths: number | null = null,
) {
  const serials = new Map(Object.entries(given).map(([sn, events]) => [sn, foldSerial(events)]));
  const decision = decideSerials(command, {
    product: product({ warrantyMonths }),
    locations: locations(),
    serials,
    now: NOW,
  });
  const state = (sn: string) => foldSerial(decision.get(sn) ?? [], serials.get(sn) ?? { status: 'unknown' });
  return { decision, wrong: state('SN-WRONG'), right: state('SN-RIGHT') };
}

describe('correct a serial', () => {
  it('receipt typo: the wrong serial leaves to Virtual/Adjustment, the correct new one arrives', () => {
    const { decision, wrong, right } = afterCorrection(
      { 'SN-WRONG': [received('SN-WRONG')] },
      correct('WH/Stock'),
    );
    expect(decision.get('SN-WRONG')?.map((e) => e.type)).toEqual(['SerialCorrectedOut']);
    expect(decision.get('SN-RIGHT')?.map((e) => e.type)).toEqual(['SerialCorrectedIn']);
    expect(wrong).toMatchObject({ locationId: 'Virtual/Adjustment' });
    expect(serialStatus(wrong)).toBe('out_of_stock');
    expect(right).toMatchObject({ locationId: 'WH/Stock', locationType: 'internal' });
    expect(serialStatus(right)).toBe('available');
    expect(decision.get('SN-RIGHT')?.[0].data).toMatchObject({
      reason: 'typo',
      wrongSerialNumber: 'SN-WRONG',
    });
  });

  it('delivery mix-up: the two swap places, and the customer and warranty follow the unit really delivered', () => {
    const given = {
      'SN-WRONG': [received('SN-WRONG'), delivered('SN-WRONG', 'C7')],
      'SN-RIGHT': [received('SN-RIGHT', 'WH/Shelf-2')],
    };
    const warrantySet: SerialEvent = {
      type: 'SerialWarrantySet',
      data: {
        productId: 'LAPTOP',
        serialNumber: 'SN-WRONG',
        startsAt: NOW,
        endsAt: '2027-03-15T10:00:00.000Z',
        reference: null,
      },
    };
    given['SN-WRONG'].push(warrantySet);
    const { wrong, right } = afterCorrection(given, correct('Partners/Customers'));
    expect(wrong).toMatchObject({ locationId: 'WH/Shelf-2', customerId: null, warranty: null });
    expect(serialStatus(wrong)).toBe('available');
    expect(right).toMatchObject({
      locationId: 'Partners/Customers',
      customerId: 'C7',
      warranty: { startsAt: NOW, endsAt: '2027-03-15T10:00:00.000Z' },
    });
  });

  it('refuses when the wrong serial is not recorded at the location, or unknown', () => {
    const spec = serialSpec();
    spec([{ 'SN-WRONG': [received('SN-WRONG', 'WH/Shelf-2')] }])
      .when(correct('WH/Stock'))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-WRONG']);
    spec([{}]).when(correct('WH/Stock')).thenThrows('SERIAL_NOT_FOUND', ['SN-WRONG']);
  });

  it('refuses a correct serial already at that location, or reserved for another reference', () => {
    const spec = serialSpec();
    spec([{ 'SN-WRONG': [received('SN-WRONG')], 'SN-RIGHT': [received('SN-RIGHT')] }])
      .when(correct('WH/Stock'))
      .thenThrows('SERIAL_ALREADY_EXISTS', ['SN-RIGHT']);
    spec([
      {
        'SN-WRONG': [received('SN-WRONG'), delivered('SN-WRONG')],
        'SN-RIGHT': [received('SN-RIGHT'), reserved('SN-RIGHT', 'SO-5')],
      },
    ])
      .when(correct('Partners/Customers'))
      .thenThrows('SERIAL_RESERVED', ['SN-RIGHT']);
  });

  it('says which kind of location it found, with the right article', () => {
    const at = (locationId: string) => () =>
      decideSerials(correct(locationId), {
        product: product(),
        locations: locations(),
        serials: new Map(),
        now: NOW,
      });
    expect(at('Virtual/Adjustment')).toThrow(
      'Location Virtual/Adjustment is an adjustment location; expected internal or customer',
    );
    expect(at('Virtual/Scrap')).toThrow('Location Virtual/Scrap is a scrap location');
  });

  it('corrects only at internal or customer locations, and never a serial into itself', () => {
    const spec = serialSpec();
    spec([{}]).when(correct('Virtual/Scrap')).thenThrows('INVALID_LOCATION_TYPE');
    spec([{}])
      .when({
        ...correct('WH/Stock'),
        data: { ...correct('WH/Stock').data, correctSerialNumber: 'SN-WRONG' },
      })
      .thenThrows('DUPLICATE_IN_REQUEST', ['SN-WRONG']);
  });
});
