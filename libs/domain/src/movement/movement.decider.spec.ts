import { locations, NOW, product, history } from '../testing/serial-fixtures';
import { decideMovement, type MovementDecisionContext } from './movement.decider';
import { evolveMovement, initialMovementState, type MovementState } from './movement.state';
import type { MovementCommand } from './movement.commands';
import type { MovementEvent } from './movement.events';
import { DomainError, type DomainErrorCode } from '../shared/domain-error';
import { foldSerial } from '../serial/serial.state';
import type { SerialEvent } from '../serial/serial.events';

const { received, delivered } = history;

function context(serials: Record<string, SerialEvent[]> = {}): MovementDecisionContext {
  return {
    products: new Map([
      ['LAPTOP', product()],
      ['SCREWS', product({ productId: 'SCREWS', productType: 'consumable', tracking: 'none' })],
    ]),
    locations: locations(),
    serials: new Map([
      ['LAPTOP', new Map(Object.entries(serials).map(([sn, events]) => [sn, foldSerial(events)]))],
    ]),
    now: NOW,
  };
}

const given = (...events: MovementEvent[]): MovementState =>
  events.reduce(evolveMovement, initialMovementState);
const create = (
  movementType: 'receipt' | 'delivery' | 'internal',
  from: string,
  to: string,
): MovementEvent => ({
  type: 'MovementCreated',
  data: {
    movementId: 'M1',
    movementType,
    fromLocationId: from,
    toLocationId: to,
    reference: 'DOC-1',
    partnerId: 'P1',
    lines: [
      { productId: 'LAPTOP', quantity: 2 },
      { productId: 'SCREWS', quantity: 100 },
    ],
  },
});
const receipt = create('receipt', 'Partners/Vendors', 'WH/Stock');
const delivery = create('delivery', 'WH/Stock', 'Partners/Customers');
const assigned = (lineIndex: number, serialNumbers: string[]): MovementEvent => ({
  type: 'MovementSerialsAssigned',
  data: { movementId: 'M1', lineIndex, serialNumbers },
});
const assign = (lineIndex: number, serialNumbers: string[]): MovementCommand => ({
  type: 'AssignMovementSerials',
  data: { movementId: 'M1', lineIndex, serialNumbers },
});
const validate: MovementCommand = { type: 'ValidateMovement', data: { movementId: 'M1' } };
const cancel: MovementCommand = { type: 'CancelMovement', data: { movementId: 'M1' } };

function expectCode(run: () => unknown, code: DomainErrorCode, serialNumbers?: string[]) {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (serialNumbers) expect((error as DomainError).serialNumbers).toEqual(serialNumbers);
}

describe('movement documents', () => {
  it('creates a pending document whose ends fit its type', () => {
    const { type: _type, data } = receipt as Extract<MovementEvent, { type: 'MovementCreated' }>;
    const command: MovementCommand = {
      type: 'CreateMovement',
      data: { ...data, reference: 'DOC-1', partnerId: 'P1' },
    };
    expect(decideMovement(command, given(), context()).movement).toEqual([receipt]);
    expect(given(receipt)).toMatchObject({
      status: 'pending',
      lines: [{ serialNumbers: [] }, { serialNumbers: [] }],
    });
    expectCode(() => decideMovement(command, given(receipt), context()), 'MOVEMENT_ALREADY_EXISTS');
    const intoCustomer = { ...command, data: { ...command.data, toLocationId: 'Partners/Customers' } };
    expectCode(() => decideMovement(intoCustomer, given(), context()), 'INVALID_LOCATION_TYPE');
    const unknownProduct = {
      ...command,
      data: { ...command.data, lines: [{ productId: 'NOPE', quantity: 1 }] },
    };
    expectCode(() => decideMovement(unknownProduct, given(), context()), 'PRODUCT_NOT_FOUND');
  });

  it('assigns serials to a line, rejecting at once what could not pass now', () => {
    expect(decideMovement(assign(0, ['SN-1']), given(receipt), context()).movement).toEqual([
      assigned(0, ['SN-1']),
    ]);
    expectCode(
      () => decideMovement(assign(0, ['SN-1']), given(receipt), context({ 'SN-1': [received('SN-1')] })),
      'SERIAL_ALREADY_EXISTS',
      ['SN-1'],
    );
    expectCode(
      () =>
        decideMovement(assign(0, ['SN-1', 'SN-2']), given(delivery), context({ 'SN-1': [received('SN-1')] })),
      'SERIAL_NOT_FOUND',
      ['SN-2'],
    );
    expectCode(
      () => decideMovement(assign(0, ['A', 'B', 'C']), given(receipt), context()),
      'QUANTITY_MISMATCH',
    );
    expectCode(
      () => decideMovement(assign(1, ['S-1']), given(receipt), context()),
      'PRODUCT_NOT_SERIAL_TRACKED',
    );
    expectCode(() => decideMovement(assign(5, ['SN-1']), given(receipt), context()), 'NOT_FOUND');
  });

  it('refuses a serial already on another line of the same product', () => {
    const twoLines: MovementEvent = {
      ...receipt,
      data: {
        ...(receipt.data as object),
        lines: [
          { productId: 'LAPTOP', quantity: 1 },
          { productId: 'LAPTOP', quantity: 1 },
        ],
      },
    } as MovementEvent;
    expectCode(
      () => decideMovement(assign(1, ['SN-1']), given(twoLines, assigned(0, ['SN-1'])), context()),
      'DUPLICATE_IN_REQUEST',
      ['SN-1'],
    );
  });

  it('validates a complete receipt into one decision: the document done and every serial received with it', () => {
    const decision = decideMovement(validate, given(receipt, assigned(0, ['SN-1', 'SN-2'])), context());
    expect(decision.movement).toEqual([{ type: 'MovementValidated', data: { movementId: 'M1' } }]);
    const laptops = decision.serials.get('LAPTOP');
    expect([...(laptops?.keys() ?? [])]).toEqual(['SN-1', 'SN-2']);
    expect(laptops?.get('SN-1')?.[0]).toMatchObject({
      type: 'SerialReceived',
      data: { movementId: 'M1', reference: 'DOC-1', vendorId: 'P1', toLocationId: 'WH/Stock' },
    });
  });

  it('refuses to validate an incomplete serial-tracked line', () => {
    expectCode(
      () => decideMovement(validate, given(receipt, assigned(0, ['SN-1'])), context()),
      'QUANTITY_MISMATCH',
    );
  });

  it('refuses to validate when an assigned serial moved away since, naming every one and moving none', () => {
    const serials = { 'SN-1': [received('SN-1')], 'SN-2': [received('SN-2'), delivered('SN-2')] };
    expectCode(
      () => decideMovement(validate, given(delivery, assigned(0, ['SN-1', 'SN-2'])), context(serials)),
      'SERIAL_NOT_AT_LOCATION',
      ['SN-2'],
    );
  });

  it('delivers to the partner as customer', () => {
    const serials = { 'SN-1': [received('SN-1')], 'SN-2': [received('SN-2')] };
    const decision = decideMovement(
      validate,
      given(delivery, assigned(0, ['SN-1', 'SN-2'])),
      context(serials),
    );
    expect(decision.serials.get('LAPTOP')?.get('SN-2')?.[0]).toMatchObject({
      type: 'SerialDelivered',
      data: { customerId: 'P1', movementId: 'M1' },
    });
  });

  it('cancels a pending document; a done or cancelled one cannot change', () => {
    expect(decideMovement(cancel, given(receipt), context()).movement).toEqual([
      { type: 'MovementCancelled', data: { movementId: 'M1' } },
    ]);
    const cancelled = given(receipt, { type: 'MovementCancelled', data: { movementId: 'M1' } });
    const done = given(receipt, assigned(0, ['SN-1', 'SN-2']), {
      type: 'MovementValidated',
      data: { movementId: 'M1' },
    });
    for (const state of [cancelled, done]) {
      for (const command of [validate, cancel, assign(0, ['SN-9'])])
        expectCode(() => decideMovement(command, state, context()), 'MOVEMENT_NOT_PENDING');
    }
    expectCode(() => decideMovement(validate, given(), context()), 'NOT_FOUND');
  });
});
