import type { AddressInfo } from 'node:net';
import { signToken } from '@serial/runtime';
import { runCheck } from '../../apps/cli/src/check';
import { LAPTOP, serials, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app';

/**
 * Concurrency (issue part 2): many clients at once on the same serials, through HTTP. Each race has
 * exactly one winner, the others get 409, and at the end the invariant checker finds the read
 * models equal to the replayed streams: no serial in two places or listed twice, none both
 * delivered and available, as many history entries as events for every serial.
 */

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Codes a loser may get: the state the winner left, or the bounded conflict retries ran out. */
const LOSING_CODES = [
  'SERIAL_NOT_AT_LOCATION',
  'SERIAL_ALREADY_EXISTS',
  'SERIAL_RESERVED',
  'MOVEMENT_NOT_PENDING',
  'CONCURRENCY_CONFLICT',
];

describe('concurrency: races on the same serials (reliability)', () => {
  let t: TestApp;
  let url: string;
  const token = signToken(TEST_SECRET, { sub: 'clerk-race', roles: ['admin'] }, '1h');
  const codes = new Map<string, number>();

  const call = async (method: string, route: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${route}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const post = (route: string, body?: unknown) => call('POST', route, body);
  /** All at once: every request is started before any answer is awaited. */
  const race = (requests: (() => Promise<Answer>)[]) => Promise.all(requests.map((send) => send()));
  const expectOneWinner = (answers: Answer[]) => {
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(answers.length - 1);
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(LOSING_CODES).toContain(loser.body.code);
      codes.set(String(loser.body.code), (codes.get(String(loser.body.code)) ?? 0) + 1);
    }
    return answers.findIndex((a) => a.status === 200);
  };
  const events = async (serialNumber: string) => {
    const { status, body } = await call('GET', `/v1/products/LAPTOP/serials/${serialNumber}/events`);
    expect(status).toBe(200);
    return (body.items as { type: string }[]).map((e) => e.type);
  };
  const receive = async (serialNumbers: string[]) =>
    expect(
      (await post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers, toLocationId: 'WH/Stock' }))
        .status,
    ).toBe(200);

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    expect((await post('/v1/products', LAPTOP)).status).toBe(201);
    expect((await post('/v1/locations', { id: 'WH/Shelf', name: 'Shelf', type: 'internal' })).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await t?.close();
    console.log(`concurrency: losers' codes ${JSON.stringify(Object.fromEntries(codes))}`);
  });

  it('20 concurrent deliveries of one serial: one 200, nineteen 409, one SerialDelivered', async () => {
    for (const serial of ['DLV-1', 'DLV-2', 'DLV-3']) {
      await receive([serial]);
      const answers = await race(
        Array.from(
          { length: 20 },
          (_, i) => () =>
            post('/v1/serials/deliver', {
              productId: 'LAPTOP',
              serialNumbers: [serial],
              fromLocationId: 'WH/Stock',
              customerId: `C${i}`,
            }),
        ),
      );
      const winner = expectOneWinner(answers);
      expect(await events(serial)).toEqual(['SerialReceived', 'SerialDelivered']);
      const state = await call('GET', `/v1/products/LAPTOP/serials/${serial}/state`);
      expect(state.body).toMatchObject({ customerId: `C${winner}`, status: 'out_of_stock' });
    }
  });

  it('transfer vs deliver vs scrap of one serial: exactly one of them happens', async () => {
    for (let round = 0; round < 5; round++) {
      const serial = `TDS-${round}`;
      await receive([serial]);
      const base = { productId: 'LAPTOP', serialNumbers: [serial], fromLocationId: 'WH/Stock' };
      const contenders = [
        () => post('/v1/serials/transfer', { ...base, toLocationId: 'WH/Shelf' }),
        () => post('/v1/serials/deliver', { ...base, customerId: 'C-TDS' }),
        () => post('/v1/serials/scrap', { ...base, reason: 'race' }),
      ];
      // Rotate who is sent first, so each kind gets a chance to win.
      const order = [0, 1, 2].map((i) => (i + round) % 3);
      const answers = await race(order.map((i) => contenders[i]));
      const winner = order[expectOneWinner(answers)];
      const history = await events(serial);
      expect(history).toHaveLength(2);
      expect(history[1]).toBe(['SerialTransferred', 'SerialDelivered', 'SerialScrapped'][winner]);
    }
  });

  it('reserve for ten different references at once: exactly one reservation', async () => {
    for (const serial of ['RSV-1', 'RSV-2']) {
      await receive([serial]);
      const answers = await race(
        Array.from(
          { length: 10 },
          (_, i) => () =>
            post('/v1/serials/reserve', {
              productId: 'LAPTOP',
              serialNumbers: [serial],
              reference: `SO-${i}`,
            }),
        ),
      );
      const winner = expectOneWinner(answers);
      for (const loser of answers.filter((a) => a.status === 409)) {
        expect(['SERIAL_RESERVED', 'CONCURRENCY_CONFLICT']).toContain(loser.body.code);
      }
      const state = await call('GET', `/v1/products/LAPTOP/serials/${serial}/state`);
      expect(state.body).toMatchObject({ status: 'reserved', reservedFor: `SO-${winner}` });
      expect((await events(serial)).filter((e) => e === 'SerialReserved')).toHaveLength(1);
    }
  });

  it('two movements validating overlapping serials at once: exactly one is done, the other moved nothing', async () => {
    const movement = async (id: string, type: 'delivery' | 'receipt', serialNumbers: string[]) => {
      const route = `/v1/movements/${encodeURIComponent(id)}`;
      const ends =
        type === 'delivery'
          ? { fromLocationId: 'WH/Stock', toLocationId: 'Partners/Customers', partnerId: 'C-MV' }
          : { fromLocationId: 'Partners/Vendors', toLocationId: 'WH/Stock' };
      const created = await post('/v1/movements', {
        id,
        type,
        ...ends,
        lines: [{ productId: 'LAPTOP', quantity: serialNumbers.length }],
      });
      expect(created.status).toBe(201);
      expect((await call('PUT', `${route}/lines/0/serials`, { serialNumbers })).status).toBe(200);
      return route;
    };
    for (let round = 0; round < 3; round++) {
      for (const type of ['delivery', 'receipt'] as const) {
        const pool = serials(`MV${type[0]}${round}`, 10);
        if (type === 'delivery') await receive(pool);
        // A: serials 0-5, B: serials 4-9; 4 and 5 are in both.
        const a = await movement(`OUT-${type}-${round}-A`, type, pool.slice(0, 6));
        const b = await movement(`OUT-${type}-${round}-B`, type, pool.slice(4));
        const answers = await race([() => post(`${a}/validate`), () => post(`${b}/validate`)]);
        const winner = expectOneWinner(answers);
        const [won, lost] = winner === 0 ? [a, b] : [b, a];
        expect((await call('GET', won)).body.status).toBe('done');
        expect((await call('GET', lost)).body.status).toBe('pending');
        // All-or-nothing: the loser's own serials (not in the winner) did not move.
        const losersOnly = winner === 0 ? pool.slice(6) : pool.slice(0, 4);
        for (const serial of losersOnly) {
          const history = await call('GET', `/v1/products/LAPTOP/serials/${serial}/events`);
          const count = history.status === 404 ? 0 : (history.body.items as unknown[]).length;
          expect(count).toBe(type === 'delivery' ? 1 : 0);
        }
      }
    }
  });

  it('10 concurrent receives of the same new serial: one wins', async () => {
    for (const serial of ['NEW-1', 'NEW-2', 'NEW-3']) {
      const answers = await race(
        Array.from(
          { length: 10 },
          (_, i) => () =>
            post('/v1/serials/receive', {
              productId: 'LAPTOP',
              serialNumbers: [serial],
              toLocationId: i % 2 ? 'WH/Stock' : 'WH/Shelf',
            }),
        ),
      );
      expectOneWinner(answers);
      expect(await events(serial)).toEqual(['SerialReceived']);
    }
  });

  it('a tracking change racing the first receipts of its product: never both', async () => {
    for (let round = 0; round < 5; round++) {
      const id = `RACE-${round}`;
      expect((await post('/v1/products', { ...LAPTOP, id, sku: id })).status).toBe(201);
      const [patch, ...receipts] = await race([
        () => call('PATCH', `/v1/products/${id}`, { tracking: 'none' }),
        ...[0, 1, 2].map(
          (i) => () =>
            post('/v1/serials/receive', {
              productId: id,
              serialNumbers: [`${id}-${i}`],
              toLocationId: 'WH/Stock',
            }),
        ),
      ]);
      const received = receipts.filter((answer) => answer.status === 200).length;
      for (const refused of receipts.filter((answer) => answer.status !== 200)) {
        expect(['PRODUCT_NOT_SERIAL_TRACKED', 'CONCURRENCY_CONFLICT']).toContain(refused.body.code);
      }
      if (patch.status === 200) expect(received).toBe(0);
      else
        expect({ code: patch.body.code, received: received > 0 }).toEqual({
          code: 'PRODUCT_HAS_SERIALS',
          received: true,
        });
    }
  });

  it('products racing for one GTIN, written at different lengths: one takes it', async () => {
    const answers = await race(
      ['09506000134352', '9506000134352', '09506000134352', '9506000134352'].map(
        (gtin, i) => () => post('/v1/products', { ...LAPTOP, id: `GTIN-${i}`, sku: `G${i}`, gtin }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.status !== 201)) {
      expect([409, 'GTIN_ALREADY_USED']).toEqual([loser.status, loser.body.code]);
    }
  });

  it('many clients on a shared pool of serials: no 5xx, and the invariants hold over every stream', async () => {
    const pool = serials('MIX', 20);
    await receive(pool);
    const pick = (n: number) => pool[n % pool.length];
    // 8 waves of 25 concurrent commands, chosen deterministically over the same 20 serials.
    for (let wave = 0; wave < 8; wave++) {
      const answers = await race(
        Array.from({ length: 25 }, (_, i) => () => {
          const serial = pick(i * 7 + wave * 3);
          const product = { productId: 'LAPTOP', serialNumbers: [serial] };
          const from = (i + wave) % 2 ? 'WH/Stock' : 'WH/Shelf';
          switch ((i + wave) % 6) {
            case 0:
              return post('/v1/serials/deliver', { ...product, fromLocationId: from, customerId: 'C-MIX' });
            case 1:
              return post('/v1/serials/transfer', {
                ...product,
                fromLocationId: from,
                toLocationId: from === 'WH/Stock' ? 'WH/Shelf' : 'WH/Stock',
              });
            case 2:
              return post('/v1/serials/return', { ...product, customerId: 'C-MIX', toLocationId: from });
            case 3:
              return post('/v1/serials/reserve', { ...product, reference: `SO-MIX-${i % 3}` });
            case 4:
              return post('/v1/serials/release', { ...product, reference: `SO-MIX-${i % 3}` });
            default:
              return post('/v1/serials/receive', { ...product, toLocationId: from });
          }
        }),
      );
      for (const answer of answers) {
        expect([200, 409]).toContain(answer.status);
        if (answer.status === 409)
          expect([...LOSING_CODES, 'SERIAL_NOT_DELIVERED_TO_CUSTOMER']).toContain(answer.body.code);
      }
    }

    const report = await runCheck({ url, token, history: true });
    expect(report.differences).toEqual([]);
    expect(report.serials).toBeGreaterThan(pool.length);

    // Per serial, from the read models: one place, never delivered and available at once, and the
    // stock report agrees with the serial list.
    const views: Record<string, unknown>[] = [];
    for (let cursor: string | null = null, page = 0; page < 100; page++) {
      const query: string = `/v1/serials?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await call('GET', query);
      views.push(...(body.items as Record<string, unknown>[]));
      cursor = body.nextCursor as string | null;
      if (!cursor) break;
    }
    const ids = views.map((v) => `${v.productId}/${v.serialNumber}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const view of views) {
      if (view.status === 'available') {
        expect(view).toMatchObject({ onHand: true, locationType: 'internal', reservedFor: null });
      }
      if (view.locationType === 'customer')
        expect(view).toMatchObject({ status: 'out_of_stock', onHand: false });
    }
    const { body: stock } = await call('GET', '/v1/reports/stock');
    for (const row of stock.items as { locationId: string; onHand: number; available: number }[]) {
      const here = views.filter((v) => v.locationId === row.locationId && v.onHand);
      expect(row.onHand).toBe(here.length);
      expect(row.available).toBe(here.filter((v) => v.status === 'available').length);
    }
  }, 120_000);
});
