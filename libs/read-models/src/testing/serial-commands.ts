import fc from 'fast-check';
import {
  decideSerials,
  DomainError,
  foldSerialStream,
  serialStreamId,
  type SerialCommand,
  type SerialEvent,
} from '@serial/domain';
import {
  FIXTURE_LOCATIONS,
  locationRegistered,
  locations,
  product,
} from '@serial/domain/testing/serial-fixtures';
import { EventLog, T0 } from './event-log';

const P = 'LAPTOP';
export const SERIAL_POOL = ['SN-1', 'SN-2', 'SN-3', 'SN-4'];
// Repeats weigh the draw towards where the serials usually are, so that most commands are valid. The
// zone and bins below WH/Stock (FIXTURE_LOCATIONS) make sources that hold serials without naming them.
const INTERNAL = ['WH/Stock', 'WH/Stock', 'WH/Shelf-2', 'WH/Stock/A', 'WH/Stock/A/01'];
const ON_HAND = [...INTERNAL, 'Transit/Truck'];

const serialNumbers = fc.subarray(SERIAL_POOL, { minLength: 1, maxLength: 2 });
const serialNumber = fc.constantFrom(...SERIAL_POOL);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const reference = fc.constantFrom('SO-1', 'SO-2');
const customerId = fc.constantFrom('C1', 'C2');
const command = <Type extends SerialCommand['type']>(
  type: Type,
  data: fc.Arbitrary<Extract<SerialCommand, { type: Type }>['data']>,
): fc.Arbitrary<SerialCommand> => data.map((d) => ({ type, data: d }) as SerialCommand);

/** Any serial command on a small pool of serials and locations, so that many of them are valid. */
export const serialCommand: fc.Arbitrary<SerialCommand> = fc.oneof(
  {
    arbitrary: command(
      'RegisterSerials',
      fc.record({ productId: fc.constant(P), serialNumbers, lot: optional(fc.constantFrom('L1', 'L2')) }),
    ),
    weight: 1,
  },
  {
    arbitrary: command(
      'ReceiveSerials',
      fc.record({
        productId: fc.constant(P),
        serialNumbers,
        fromLocationId: fc.constant('Partners/Vendors'),
        toLocationId: fc.constantFrom(...INTERNAL),
        vendorId: optional(fc.constantFrom('V1', 'V2')),
        reference: optional(fc.constant('BILL-1')),
      }),
    ),
    weight: 3,
  },
  {
    arbitrary: command(
      'DeliverSerials',
      fc.record({
        productId: fc.constant(P),
        serialNumbers,
        fromLocationId: fc.constantFrom(...ON_HAND),
        toLocationId: fc.constant('Partners/Customers'),
        customerId,
        reference: optional(reference),
      }),
    ),
    weight: 3,
  },
  {
    arbitrary: command(
      'TransferSerials',
      fc.record({
        productId: fc.constant(P),
        serialNumbers,
        fromLocationId: fc.constantFrom(...ON_HAND),
        toLocationId: fc.constantFrom(...ON_HAND),
        reference: optional(fc.constant('INT-1')),
      }),
    ),
    weight: 2,
  },
  {
    arbitrary: command(
      'ReturnSerials',
      fc.record({
        productId: fc.constant(P),
        serialNumbers,
        customerId,
        toLocationId: fc.constantFrom(...INTERNAL),
        reason: optional(fc.constant('defective')),
      }),
    ),
    weight: 3,
  },
  {
    arbitrary: command(
      'ScrapSerials',
      fc.record({
        productId: fc.constant(P),
        serialNumbers,
        fromLocationId: fc.constantFrom(...ON_HAND),
        reason: fc.constant('broken'),
      }),
    ),
    weight: 1,
  },
  {
    arbitrary: command(
      'AdjustSerial',
      fc.record({
        productId: fc.constant(P),
        serialNumber,
        locationId: fc.constantFrom(...ON_HAND),
        direction: fc.constantFrom('found' as const, 'lost' as const),
        reason: fc.constant('count'),
      }),
    ),
    weight: 2,
  },
  {
    arbitrary: command(
      'CorrectSerial',
      fc.record({
        productId: fc.constant(P),
        wrongSerialNumber: serialNumber,
        correctSerialNumber: serialNumber,
        // Weighed towards customers: a correction there needs a serial delivered first.
        locationId: fc.constantFrom(...INTERNAL, ...Array<string>(3).fill('Partners/Customers')),
        reason: fc.constant('mix-up'),
        reference: optional(fc.constant('FIX-1')),
      }),
    ),
    weight: 3,
  },
  {
    arbitrary: command(
      'ReserveSerials',
      fc.record({
        productId: fc.constant(P),
        serialNumbers,
        reference,
        locationId: optional(fc.constantFrom(...ON_HAND)),
      }),
    ),
    weight: 2,
  },
  {
    arbitrary: command('ReleaseSerials', fc.record({ productId: fc.constant(P), serialNumbers, reference })),
    weight: 2,
  },
  {
    arbitrary: command(
      'SetSerialWarranty',
      fc.record({
        productId: fc.constant(P),
        serialNumber,
        startsAt: fc.constant('2026-01-01T00:00:00.000Z'),
        endsAt: fc.constantFrom('2026-06-01T00:00:00.000Z', '2027-01-01T00:00:00Z'),
        reference: optional(fc.constant('EXT-1')),
      }),
    ),
    weight: 1,
  },
);

/**
 * Decides each command with the real decider against the streams so far; rejected commands write
 * nothing. With `withLocations` the log starts with the fixture locations' events (their trees), as a
 * store holds them before any serial.
 */
export function runSerialCommands(
  commands: readonly SerialCommand[],
  warrantyMonths: number | null,
  options: { withLocations?: boolean } = {},
): { log: EventLog; streams: Map<string, SerialEvent[]> } {
  const log = new EventLog();
  if (options.withLocations) {
    for (const [id, type] of FIXTURE_LOCATIONS) log.location(locationRegistered(id, type));
  }
  const streams = new Map<string, SerialEvent[]>();
  const base = { product: product({ warrantyMonths }), locations: locations() };
  commands.forEach((next, index) => {
    // Folded from the log as the command path folds the store: with each event's recording time.
    const serials = new Map(
      [...streams.keys()].map((sn) => [sn, foldSerialStream(log.stream(serialStreamId('product', P, sn)))]),
    );
    const now = new Date(T0 + index * 86_400_000).toISOString();
    let decision: Map<string, SerialEvent[]>;
    try {
      decision = decideSerials(next, { ...base, serials, now });
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    for (const [sn, events] of decision) {
      for (const event of events) log.serial(event);
      streams.set(sn, [...(streams.get(sn) ?? []), ...events]);
    }
  });
  return { log, streams };
}
