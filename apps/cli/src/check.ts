import { upcastLocationEvent } from '@serial/domain';
import { evolveSerialDocument, isSerialEvent, type SerialDocument } from '@serial/read-models';
import { ComponentLinks } from './check-components';
import { fieldRuleDifferences, type ServedSerial } from './check-invariants';

/** An event as GET /v1/audit/events gives it. */
interface AuditEvent {
  streamId: string;
  type: string;
  revision: number;
  position: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: Record<string, string>;
}

export interface CheckOptions {
  url: string;
  /** A JWT with the auditor (or admin) role: it reads the raw events and the read models. */
  token: string;
  /** Also compare each serial's history length with its event count (one request per serial). */
  history?: boolean;
  /** Bounds the walk, so a check cannot run forever against a store that keeps growing. */
  maxEvents?: number;
}

export interface CheckReport {
  events: number;
  serials: number;
  position: string;
  differences: string[];
}

const PAGE = 1000;
const key = (productId: unknown, serialNumber: unknown) => JSON.stringify([productId, serialNumber]);

/**
 * The invariant checker: replays every serial stream from the event store and compares what it folds
 * to with the read models, through the API like any auditor (so it checks any pair of backends): every
 * field (state, customerId, deliveredAt and the warranty with its `active` included), and the field
 * rules every view must keep, and the assemblies: each component's `installedIn`, its parent's stream and
 * the served component tree agree. Differences name the serial and the field.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const get = async <T>(path: string, minPosition?: string): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    if (minPosition) headers['x-min-position'] = minPosition;
    const response = await fetch(new URL(path, options.url), { headers });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };

  const expected = new Map<string, { document: SerialDocument; events: number; streamId: string }>();
  const differences: string[] = [];
  // Locations come before the serials that reference them in the global order; their paths never change.
  const paths = new Map<string, readonly string[]>();
  const pathOf = (locationId: string) => paths.get(locationId) ?? [locationId];
  const rememberPath = (event: AuditEvent) => {
    const registered = upcastLocationEvent({ ...event, recordedAt: new Date(event.recordedAt) });
    if (registered.type === 'LocationRegistered') paths.set(registered.data.locationId, registered.data.path);
  };
  let from = '0';
  let position = '0';
  let events = 0;
  const components = new ComponentLinks();
  for (let pages = 0; events < (options.maxEvents ?? Number.MAX_SAFE_INTEGER); pages++) {
    const page = await get<{ items: AuditEvent[]; nextPosition: string }>(
      `/v1/audit/events?fromPosition=${from}&limit=${PAGE}`,
    );
    if (page.items.length === 0) break;
    for (const event of page.items) {
      events++;
      position = event.position;
      if (event.type === 'LocationRegistered') rememberPath(event);
      if (!isSerialEvent(event)) continue;
      components.observe(event);
      const id = key(event.data.productId, event.data.serialNumber);
      const seen = expected.get(id);
      if (seen && seen.streamId !== event.streamId)
        differences.push(`${id}: events in two streams, ${seen.streamId} and ${event.streamId}`);
      if ((seen?.events ?? 0) !== event.revision)
        differences.push(`${id}: revision ${event.revision} follows ${(seen?.events ?? 0) - 1}`);
      const recorded = { ...event, position: BigInt(event.position), recordedAt: new Date(event.recordedAt) };
      const document = evolveSerialDocument(seen?.document ?? null, recorded, pathOf);
      if (document) expected.set(id, { document, events: (seen?.events ?? 0) + 1, streamId: event.streamId });
    }
    from = page.nextPosition;
  }

  const actual = new Map<string, ServedSerial>();
  const readAt = new Date();
  let cursor: string | null = null;
  do {
    const query: string = `/v1/serials?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await get<{ items: ServedSerial[]; nextCursor: string | null }>(query, position);
    for (const view of page.items) {
      const id = key(view.productId, view.serialNumber);
      if (actual.has(id)) differences.push(`${id}: listed twice by the read models`);
      actual.set(id, view);
    }
    cursor = page.nextCursor;
  } while (cursor);

  for (const [id, { document, events: count }] of expected) {
    const view = actual.get(id);
    if (!view) {
      differences.push(`${id}: in the event store, missing from the read models`);
      continue;
    }
    for (const field of Object.keys(document) as (keyof SerialDocument)[]) {
      const want = field === 'warranty' ? document.warranty : document[field];
      const got = field === 'warranty' && view.warranty ? stripActive(view.warranty) : view[field];
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        differences.push(
          `${id}: ${field} is ${JSON.stringify(got)} in the read models, ${JSON.stringify(want)} from the events`,
        );
      }
    }
    differences.push(...fieldRuleDifferences(id, view, document, readAt));
    if (view.locationPath !== null && view.locationPath.at(-1) !== view.locationId) {
      differences.push(
        `${id}: locationPath ${JSON.stringify(view.locationPath)} does not end at ${view.locationId}`,
      );
    }
    if (view.status === 'available' && (view.locationType !== 'internal' || view.reservedFor !== null)) {
      differences.push(`${id}: available but at a ${view.locationType} location or reserved`);
    }
    if (options.history) {
      const path = `/v1/products/${encodeURIComponent(document.productId)}/serials/${encodeURIComponent(document.serialNumber)}/history`;
      // The history route answers 404 for a serial it has no entries for.
      const { items } = await get<{ items: unknown[] }>(path, position).catch((error: Error) => {
        if (error.message.includes('answered 404')) return { items: [] };
        throw error;
      });
      if (items.length !== count)
        differences.push(`${id}: ${items.length} history entries for ${count} events`);
    }
  }
  for (const id of actual.keys())
    if (!expected.has(id)) differences.push(`${id}: in the read models, not in the event store`);
  const documents = new Map([...expected].map(([id, { document }]) => [id, document]));
  const served = async (parent: { productId: string; serialNumber: string }) => {
    const path = `/v1/products/${encodeURIComponent(parent.productId)}/serials/${encodeURIComponent(parent.serialNumber)}/components`;
    return (await get<{ items: { productId: string; serialNumber: string }[] }>(path, position)).items;
  };
  differences.push(...(await components.differences(documents, served)));
  return { events, serials: expected.size, position, differences };
}

function stripActive(warranty: unknown): unknown {
  const { active: _active, ...rest } = warranty as { active: boolean };
  return rest;
}
