import { randomUUID } from 'node:crypto';
import {
  locationStreamId,
  productStreamId,
  serialStreamId,
  WELL_KNOWN_LOCATIONS,
  type LocationEvent,
  type LocationType,
  type ProductEvent,
  type SerialEvent,
} from '@serial/domain';
import { chainEvents, GENESIS_HASH, type EventStore } from '@serial/event-store';
import type { EventLog } from './event-log';

type Entry = { streamId: string; event: { type: string; data: object } };

const PRODUCTS = ['P-0', 'P-1', 'P-2', 'P-3', 'P-4'];
const LOCATIONS: [string, LocationType][] = [
  ...Object.values(WELL_KNOWN_LOCATIONS).map((l): [string, typeof l.type] => [l.id, l.type]),
  ['WH/Shelf-2', 'internal'],
  ['Transit/Truck', 'transit'],
];

const product = (productId: string): ProductEvent => ({
  type: 'ProductRegistered',
  data: {
    productId,
    sku: productId,
    name: productId,
    productType: 'storable',
    tracking: 'serial',
    gtin: null,
    warrantyMonths: 24,
    serialFormat: null,
  },
});
const location = ([locationId, locationType]: (typeof LOCATIONS)[number]): LocationEvent => ({
  type: 'LocationRegistered',
  data: { locationId, name: locationId, locationType, parentId: null, path: [locationId] },
});

/** Four events per serial, in one of four life stories, so that every read model and index gets rows. */
function lifeOf(i: number): SerialEvent[] {
  const ref = { productId: PRODUCTS[i % PRODUCTS.length], serialNumber: `SN-${String(i).padStart(6, '0')}` };
  const none = { movementId: null, reference: null };
  const at = i % 2 === 0 ? 'WH/Stock' : 'WH/Shelf-2';
  const go = (from: string | null, to: string, toLocationType: LocationType) => ({
    ...ref,
    ...none,
    fromLocationId: from,
    toLocationId: to,
    toLocationType,
  });
  const customerId = `C-${i % 7}`;
  const received: SerialEvent = {
    type: 'SerialReceived',
    data: { ...go('Partners/Vendors', at, 'internal'), vendorId: 'V-1' },
  };
  const delivered: SerialEvent = {
    type: 'SerialDelivered',
    // Without a warranty of its own: some serials below get theirs from a SerialWarrantySet after it,
    // as every delivery before schema version 2 did.
    data: { ...go(at, 'Partners/Customers', 'customer'), customerId, warranty: null },
  };
  const reserved: SerialEvent = {
    type: 'SerialReserved',
    data: { ...ref, locationId: at, reference: `SO-${i % 50}` },
  };
  switch (i % 4) {
    case 0: {
      const day = String((i % 28) + 1).padStart(2, '0');
      const warranty = {
        startsAt: `2026-01-${day}T00:00:00.000Z`,
        endsAt: `2028-01-${day}T00:00:00.000Z`,
        reference: null,
      };
      return [received, reserved, delivered, { type: 'SerialWarrantySet', data: { ...ref, ...warranty } }];
    }
    case 1:
      return [
        received,
        { type: 'SerialTransferred', data: go(at, 'Transit/Truck', 'transit') },
        { ...reserved, data: { ...reserved.data, locationId: 'Transit/Truck' } },
        { type: 'SerialReservationReleased', data: { ...ref, reference: `SO-${i % 50}` } },
      ];
    case 2:
      return [
        received,
        delivered,
        {
          type: 'SerialReturned',
          data: { ...go('Partners/Customers', 'WH/Stock', 'internal'), customerId, reason: null },
        },
        { type: 'SerialScrapped', data: { ...go('WH/Stock', 'Virtual/Scrap', 'scrap'), reason: 'broken' } },
      ];
    default:
      return [
        received,
        {
          type: 'SerialAdjusted',
          data: { ...go(at, 'Virtual/Adjustment', 'adjustment'), direction: 'lost', reason: 'count' },
        },
        {
          type: 'SerialAdjusted',
          data: { ...go('Virtual/Adjustment', 'WH/Stock', 'internal'), direction: 'found', reason: 'count' },
        },
        { type: 'SerialTransferred', data: go('WH/Stock', 'WH/Shelf-2', 'internal') },
      ];
  }
}

/**
 * Master data, then serials in chunks whose lives interleave: each round holds the next event of every
 * serial of the chunk, one stream each, so one round is one append and later batches revisit documents.
 */
export function workloadRounds(serialCount: number, chunk = 5000): Entry[][] {
  const rounds: Entry[][] = [
    [
      ...PRODUCTS.map((id) => ({ streamId: productStreamId(id), event: product(id) })),
      ...LOCATIONS.map((l) => ({ streamId: locationStreamId(l[0]), event: location(l) })),
    ],
  ];
  for (let first = 0; first < serialCount; first += chunk) {
    const lives = [];
    for (let i = first; i < Math.min(serialCount, first + chunk); i += 1) lives.push(lifeOf(i));
    for (let step = 0; step < 4; step += 1) {
      rounds.push(
        lives.map((life) => {
          const event = life[step];
          return {
            streamId: serialStreamId('product', event.data.productId, event.data.serialNumber),
            event,
          };
        }),
      );
    }
  }
  return rounds;
}

export const workloadEventCount = (serialCount: number): number =>
  PRODUCTS.length + LOCATIONS.length + serialCount * 4;

export function recordWorkload(log: EventLog, serialCount: number): void {
  for (const round of workloadRounds(serialCount)) {
    for (const { streamId, event } of round) log.append(streamId, event);
  }
}

/** Appends the workload as the command runner would, hash chains included. */
export async function appendWorkload(store: EventStore, serialCount: number, chunk?: number): Promise<void> {
  const metadata = { userId: 'loader', occurredAt: '2026-03-01T08:00:00.000Z' };
  const lastHashes = new Map<string, string>();
  for (const round of workloadRounds(serialCount, chunk)) {
    await store.appendToStreams(
      round.map(({ streamId, event }) => {
        const [chained] = chainEvents(lastHashes.get(streamId) ?? GENESIS_HASH, [
          { eventId: randomUUID(), type: event.type, data: event.data as Record<string, unknown>, metadata },
        ]);
        lastHashes.set(streamId, chained.metadata.hash);
        return { streamId, expectedRevision: 'any', events: [chained] };
      }),
    );
  }
}
