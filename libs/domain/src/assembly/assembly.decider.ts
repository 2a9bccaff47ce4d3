import type { LocationState } from '../location/location.decider';
import { DomainError, type SerialViolation } from '../shared/domain-error';
import { installedInAnother, reservedForAnother, violation } from '../serial/serial.checks';
import { requireLocation } from '../serial/serial.context';
import type { SerialEvent, SerialRef } from '../serial/serial.events';
import { lifecycleState } from '../serial/serial.lifecycle';
import type { KnownSerial } from '../serial/serial.state';
import {
  MAX_ASSEMBLY_LEVELS,
  refKey,
  sameSerial,
  type AssemblyCommand,
  type InstallComponents,
  type UninstallComponents,
} from './assembly.commands';
import { assemblyHeight, ownSerial, parentChain, type AssemblyNodes } from './assembly.tree';

/** What an assembly command is decided against: the serial streams it read, and the locations. */
export interface AssemblyContext {
  readonly nodes: AssemblyNodes;
  readonly locations: ReadonlyMap<string, LocationState>;
}

/** The new events of each serial that changes, components first and the parent last. */
export type AssemblyDecision = [SerialRef, SerialEvent[]][];

export function decideAssembly(command: AssemblyCommand, context: AssemblyContext): AssemblyDecision {
  assertNoDuplicateComponents(command.data.components);
  return command.type === 'InstallComponents'
    ? decideInstall(command, context)
    : decideUninstall(command, context);
}

/**
 * Installs components into a parent that exists and is neither scrapped nor written off. Each component
 * is this product's, neither the parent nor above it (a cycle), not installed already, in stock at an
 * internal location, not reserved for another document, and keeps the assembly within 16 levels. Every
 * offending component is named at once.
 */
function decideInstall(command: InstallComponents, context: AssemblyContext): AssemblyDecision {
  const { parent, components, reference = null } = command.data;
  const parentSerial = requireParent(context, parent);
  const state = lifecycleState(parentSerial);
  if (state === 'scrapped' || state === 'written_off') {
    throw DomainError.fromViolations([
      {
        serialNumber: parent.serialNumber,
        code: 'INVALID_LOCATION_TYPE',
        detail: `Serial number ${parent.serialNumber} of product ${parent.productId} is ${state.replace('_', ' ')}: nothing can be installed in it`,
      },
    ]);
  }
  const { chain, depth } = parentChain(context.nodes, parent);
  const budget = MAX_ASSEMBLY_LEVELS - depth;
  return decideEach(
    command,
    (component) => {
      const serial = ownSerial(context.nodes, component);
      const { serialNumber } = component;
      if (serial === null) return violation.notFound(serialNumber, component.productId);
      if (chain.some((above) => sameSerial(above, component))) return cycle(component, parent);
      const installed = installedInAnother(serial);
      if (installed) return installed;
      if (serial.locationType !== 'internal') return violation.notAt(serialNumber, 'any internal location');
      const taken = reservedForAnother(serial, reference);
      if (taken) return taken;
      if (assemblyHeight(context.nodes, component, budget) > budget) return tooDeep(component);
      const data = {
        productId: component.productId,
        serialNumber,
        fromLocationId: serial.locationId,
        toLocationId: null,
        parent: { productId: parent.productId, serialNumber: parent.serialNumber },
        movementId: null,
        reference,
      };
      return { type: 'SerialInstalled', data };
    },
    { type: 'ComponentsInstalled', data: { ...refOf(parent), components: components.map(refOf), reference } },
  );
}

/**
 * Takes components out of the parent they are installed in directly, on hand at an internal location
 * or, for a faulty part, at a scrap location.
 */
function decideUninstall(command: UninstallComponents, context: AssemblyContext): AssemblyDecision {
  const { parent, components, toLocationId, reason, reference = null } = command.data;
  const to = requireLocation(context, toLocationId, ['internal', 'scrap'], 'Destination');
  requireParent(context, parent);
  return decideEach(
    command,
    (component) => {
      const serial = ownSerial(context.nodes, component);
      const { serialNumber } = component;
      if (serial === null) return violation.notFound(serialNumber, component.productId);
      if (serial.installedIn === null || !sameSerial(serial.installedIn, parent)) {
        return notInstalledIn(component, parent);
      }
      const data = {
        productId: component.productId,
        serialNumber,
        fromLocationId: null,
        toLocationId,
        toLocationType: to.locationType,
        parent: refOf(parent),
        movementId: null,
        reference,
        reason,
      };
      return { type: 'SerialUninstalled', data };
    },
    {
      type: 'ComponentsUninstalled',
      data: { ...refOf(parent), components: components.map(refOf), reason, reference },
    },
  );
}

/** One event per component, or every component's violation at once; then the parent's event. */
function decideEach(
  command: AssemblyCommand,
  rule: (component: SerialRef) => SerialEvent | SerialViolation,
  parentEvent: SerialEvent,
): AssemblyDecision {
  const decision: AssemblyDecision = [];
  const violations: SerialViolation[] = [];
  for (const component of command.data.components) {
    const outcome = rule(component);
    if ('code' in outcome) violations.push(outcome);
    else decision.push([refOf(component), [outcome]]);
  }
  if (violations.length > 0) throw DomainError.fromViolations(violations);
  decision.push([refOf(command.data.parent), [parentEvent]]);
  return decision;
}

function requireParent(context: AssemblyContext, parent: SerialRef): KnownSerial {
  const serial = ownSerial(context.nodes, parent);
  if (serial === null) {
    throw DomainError.fromViolations([violation.notFound(parent.serialNumber, parent.productId)]);
  }
  return serial;
}

function assertNoDuplicateComponents(components: readonly SerialRef[]): void {
  const seen = new Set<string>();
  const reported = new Map<string, SerialRef>();
  for (const component of components) {
    const key = refKey(component);
    if (seen.has(key)) reported.set(key, component);
    seen.add(key);
  }
  if (reported.size === 0) return;
  throw DomainError.fromViolations(
    [...reported.values()].map(({ productId, serialNumber }) => ({
      serialNumber,
      code: 'DUPLICATE_IN_REQUEST',
      detail: `Serial number ${serialNumber} of product ${productId} appears more than once in the request`,
    })),
  );
}

/** Only the reference itself: a command's body may carry more than its two fields. */
const refOf = ({ productId, serialNumber }: SerialRef): SerialRef => ({ productId, serialNumber });

const cycle = (component: SerialRef, parent: SerialRef): SerialViolation => ({
  serialNumber: component.serialNumber,
  code: 'ASSEMBLY_CYCLE',
  detail: sameSerial(component, parent)
    ? `Serial number ${component.serialNumber} cannot be installed in itself`
    : `Serial number ${component.serialNumber} holds ${parent.serialNumber} of product ${parent.productId}, so it cannot be installed in it`,
});

const tooDeep = (component: SerialRef): SerialViolation => ({
  serialNumber: component.serialNumber,
  code: 'ASSEMBLY_TOO_DEEP',
  detail: `Installing serial number ${component.serialNumber} would make the assembly more than ${MAX_ASSEMBLY_LEVELS} levels deep`,
});

const notInstalledIn = (component: SerialRef, parent: SerialRef): SerialViolation => ({
  serialNumber: component.serialNumber,
  code: 'SERIAL_NOT_INSTALLED',
  detail: `Serial number ${component.serialNumber} is not installed in ${parent.serialNumber} of product ${parent.productId}`,
});
