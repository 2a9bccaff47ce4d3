import type { SerialCommand } from './serial.commands';
import { serialNumbersOf } from './serial.commands';
import {
  assertNoDuplicates,
  requireSerialTrackedProduct,
  type SerialDecision,
  type SerialDecisionContext,
  type SerialRule,
} from './serial.context';
import { correctSerial } from './serial.corrections';
import { deliverSerials, receiveSerials, returnSerials, scrapSerials, transferSerials } from './serial.moves';
import { adjustSerial, registerSerials } from './serial.records';
import { releaseSerials, reserveSerials } from './serial.reservations';
import { setSerialWarranty } from './serial.warranty';

/** Every command's rule, by command type: a command without one does not type-check. */
const SERIAL_RULES: { [Type in SerialCommand['type']]: SerialRule<Extract<SerialCommand, { type: Type }>> } =
  {
    RegisterSerials: registerSerials,
    ReceiveSerials: receiveSerials,
    DeliverSerials: deliverSerials,
    TransferSerials: transferSerials,
    ReturnSerials: returnSerials,
    ScrapSerials: scrapSerials,
    AdjustSerial: adjustSerial,
    CorrectSerial: correctSerial,
    ReserveSerials: reserveSerials,
    ReleaseSerials: releaseSerials,
    SetSerialWarranty: setSerialWarranty,
  };

/** The table is keyed by command type, so the rule found always takes this command. */
const ruleOf = (command: SerialCommand): SerialRule => SERIAL_RULES[command.type];

/**
 * Decides a serial command against the serials it names. Pure: throws a DomainError naming every
 * offending serial, or returns the new events of each serial that changes.
 */
export function decideSerials(command: SerialCommand, context: SerialDecisionContext): SerialDecision {
  assertNoDuplicates(serialNumbersOf(command));
  const product = requireSerialTrackedProduct(context, command.data.productId);
  return ruleOf(command).decide(command, context, product);
}

/** Every location the command's rule reads, fixed ones included, each once. */
export function serialLocationIds(command: SerialCommand): readonly string[] {
  return [...new Set(ruleOf(command).locations(command))];
}
