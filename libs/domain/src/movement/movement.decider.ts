import type { LocationState } from '../location/location.decider';
import type { ProductState } from '../product/product.decider';
import { DomainError, type SerialViolation } from '../shared/domain-error';
import type { SerialCommand } from '../serial/serial.commands';
import { assertNoDuplicates, type SerialDecision } from '../serial/serial.context';
import { decideSerials } from '../serial/serial.decider';
import { MOVE_ENDS, requireMoveEnds } from '../serial/serial.moves';
import type { SerialState } from '../serial/serial.state';
import type { MovementCommand } from './movement.commands';
import type { MovementEvent, MovementType } from './movement.events';
import type { ExistingMovement, MovementLineState, MovementState } from './movement.state';

/** Everything a movement decision reads besides its own stream. */
export interface MovementDecisionContext {
  readonly products: ReadonlyMap<string, ProductState>;
  readonly locations: ReadonlyMap<string, LocationState>;
  /** Serial states by product, then by serial number. */
  readonly serials: ReadonlyMap<string, ReadonlyMap<string, SerialState>>;
  readonly now: string;
}

export interface MovementDecision {
  readonly movement: MovementEvent[];
  /** The serials' new events by product: only validation moves serials. */
  readonly serials: Map<string, SerialDecision>;
}

/** The serial move each kind of document makes: its ends are that move's ends. */
const LINE_MOVE = {
  receipt: 'ReceiveSerials',
  delivery: 'DeliverSerials',
  internal: 'TransferSerials',
} as const satisfies Record<MovementType, keyof typeof MOVE_ENDS>;

export function decideMovement(
  command: MovementCommand,
  state: MovementState,
  context: MovementDecisionContext,
): MovementDecision {
  const { movementId } = command.data;
  const only = (...movement: MovementEvent[]): MovementDecision => ({ movement, serials: new Map() });
  if (command.type === 'CreateMovement') {
    if (state.status !== 'none')
      throw new DomainError('MOVEMENT_ALREADY_EXISTS', `Movement ${movementId} already exists`);
    const {
      movementType,
      fromLocationId,
      toLocationId,
      lines,
      reference = null,
      partnerId = null,
    } = command.data;
    requireMoveEnds(context, LINE_MOVE[movementType], fromLocationId, toLocationId);
    const unknown = [...new Set(lines.map((l) => l.productId))].filter(
      (id) => context.products.get(id)?.status !== 'registered',
    );
    if (unknown.length > 0)
      throw new DomainError('PRODUCT_NOT_FOUND', `Unknown products: ${unknown.join(', ')}`);
    const data = { movementId, movementType, fromLocationId, toLocationId, reference, partnerId, lines };
    return only({ type: 'MovementCreated', data });
  }
  const movement = requirePending(state, movementId);
  switch (command.type) {
    case 'AssignMovementSerials': {
      const { lineIndex, serialNumbers } = command.data;
      const line = movement.lines[lineIndex];
      if (!line) throw new DomainError('NOT_FOUND', `Movement ${movementId} has no line ${lineIndex}`);
      assertNoDuplicates(serialNumbers);
      if (serialNumbers.length > line.quantity) {
        throw new DomainError(
          'QUANTITY_MISMATCH',
          `Line ${lineIndex} takes ${line.quantity} serials, got ${serialNumbers.length}`,
        );
      }
      assertNotOnOtherLines(movement, lineIndex, serialNumbers);
      if (serialNumbers.length > 0)
        decideLine(movement, { ...line, serialNumbers: [...serialNumbers] }, context);
      return only({
        type: 'MovementSerialsAssigned',
        data: { movementId, lineIndex, serialNumbers: [...serialNumbers] },
      });
    }
    case 'ValidateMovement':
      return {
        movement: [{ type: 'MovementValidated', data: { movementId } }],
        serials: decideLines(movement, context),
      };
    case 'CancelMovement':
      return only({ type: 'MovementCancelled', data: { movementId } });
    default: {
      const exhaustive: never = command;
      throw new Error(`Unknown movement command ${JSON.stringify(exhaustive)}`);
    }
  }
}

function requirePending(state: MovementState, movementId: string): ExistingMovement {
  if (state.status === 'none') throw new DomainError('NOT_FOUND', `Movement ${movementId} does not exist`);
  if (state.status !== 'pending') {
    throw new DomainError(
      'MOVEMENT_NOT_PENDING',
      `Movement ${movementId} is ${state.status}, no longer pending`,
    );
  }
  return state;
}

const isSerialTracked = (context: MovementDecisionContext, productId: string) => {
  const product = context.products.get(productId);
  return product?.status === 'registered' && product.tracking === 'serial';
};

/** Every serial-tracked line complete, then every line's serials moved, failing with every violation of every line. */
function decideLines(
  movement: ExistingMovement,
  context: MovementDecisionContext,
): Map<string, SerialDecision> {
  const incomplete = movement.lines
    .map((line, index) => ({ line, index }))
    .filter(
      ({ line }) => isSerialTracked(context, line.productId) && line.serialNumbers.length !== line.quantity,
    );
  if (incomplete.length > 0) {
    const lines = incomplete.map(
      ({ line, index }) => `line ${index} has ${line.serialNumbers.length} of ${line.quantity}`,
    );
    throw new DomainError(
      'QUANTITY_MISMATCH',
      `Serial-tracked lines need exactly their quantity of serials: ${lines.join('; ')}`,
    );
  }
  const decisions = new Map<string, SerialDecision>();
  const violations: SerialViolation[] = [];
  for (const line of movement.lines) {
    if (line.serialNumbers.length === 0) continue;
    try {
      const decision = decideLine(movement, line, context);
      const merged = decisions.get(line.productId) ?? new Map();
      for (const [serialNumber, events] of decision) merged.set(serialNumber, events);
      decisions.set(line.productId, merged);
    } catch (error) {
      if (!(error instanceof DomainError) || error.violations.length === 0) throw error;
      violations.push(...error.violations);
    }
  }
  if (violations.length > 0) throw DomainError.fromViolations(violations);
  return decisions;
}

/** A line moves its serials exactly as the matching serial command would. */
function decideLine(
  movement: ExistingMovement,
  line: MovementLineState,
  context: MovementDecisionContext,
): SerialDecision {
  return decideSerials(lineCommand(movement, line), {
    product: context.products.get(line.productId) ?? { status: 'unregistered' },
    locations: context.locations,
    serials: context.serials.get(line.productId) ?? new Map(),
    now: context.now,
  });
}

function lineCommand(movement: ExistingMovement, line: MovementLineState): SerialCommand {
  const { fromLocationId, toLocationId, movementId } = movement;
  const reference = movement.reference ?? undefined;
  const partnerId = movement.partnerId ?? undefined;
  const base = {
    productId: line.productId,
    serialNumbers: line.serialNumbers,
    fromLocationId,
    toLocationId,
    reference,
    movementId,
  };
  switch (movement.movementType) {
    case 'receipt':
      return { type: 'ReceiveSerials', data: { ...base, vendorId: partnerId } };
    case 'delivery':
      return { type: 'DeliverSerials', data: { ...base, customerId: partnerId ?? '' } };
    case 'internal':
      return { type: 'TransferSerials', data: base };
  }
}

function assertNotOnOtherLines(
  movement: ExistingMovement,
  lineIndex: number,
  serialNumbers: readonly string[],
): void {
  const { productId } = movement.lines[lineIndex];
  const elsewhere = new Set(
    movement.lines
      .filter((l, i) => i !== lineIndex && l.productId === productId)
      .flatMap((l) => l.serialNumbers),
  );
  const repeated = serialNumbers.filter((sn) => elsewhere.has(sn));
  if (repeated.length > 0) {
    throw DomainError.fromViolations(
      repeated.map((serialNumber) => ({
        serialNumber,
        code: 'DUPLICATE_IN_REQUEST',
        detail: `Serial number ${serialNumber} is already on another line of movement ${movement.movementId}`,
      })),
    );
  }
}
