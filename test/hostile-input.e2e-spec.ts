import { EVENT_STORE, type EventStore } from '@serial/event-store';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { BODY_LIMIT_BYTES } from '../apps/api/src/app.factory';
import { signToken } from '@serial/runtime';
import { STATUS_BY_CODE } from '../apps/api/src/http/problem';
import { LAPTOP, TEST_SECRET, serials, startTestApp, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;
/** API.md's codes plus the ones the service adds (PAYLOAD_TOO_LARGE, MOVEMENT_ALREADY_EXISTS, …). */
const KNOWN_CODES = new Set(Object.keys(STATUS_BY_CODE).filter((code) => code !== 'INTERNAL_ERROR'));
const RUNS = 40;

/** Not printable (API.md): C0/C1 controls, bidi and other format characters, lone surrogates, separators. */
const UNPRINTABLE = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200e',
  '\u202e',
  '\u2066',
  '\u061c',
];
const NASTY = [
  ...UNPRINTABLE,
  '\u2028',
  '\u2029',
  '\ud800',
  '\udc00',
  '\ufeff',
  '😀',
  'é',
  '"',
  '\\',
  '%',
  '/',
];

const nastyString = fc
  .array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...NASTY)), { maxLength: 12 })
  .map((parts) => parts.join(''));
const hugeString = fc
  .tuple(fc.constantFrom('A', 'é', '😀', '\u202e', ' '), fc.constantFrom(129, 513, 10_000, 300_000))
  .map(([char, length]) => char.repeat(length));
const nested = fc
  .tuple(fc.integer({ min: 1, max: 200 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) : nestObject(depth),
  );
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
  nastyString,
  hugeString,
  nested,
  fc.constantFrom(null, true, 0, -1, 0.5, 1e308, -0, 10_001, '', ' ', [], {}, ['']),
  fc.array(nastyString, { maxLength: 5 }),
);

/** Plausible values too, so some bodies get past the DTO and reach the handlers and the domain. */
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  productId: fc.constantFrom('LAPTOP', 'NOPE', 'LAPTOP '),
  id: fc.constantFrom('P-1', 'LAPTOP', 'WH/Stock', 'x'.repeat(65)),
  serialNumbers: fc.array(fc.oneof(fc.constantFrom('SN-1', ' SN-2 '), nastyString), { maxLength: 4 }),
  serialNumber: fc.oneof(fc.constantFrom('SN-1'), nastyString),
  wrongSerialNumber: fc.constantFrom('SN-1', 'SN-9'),
  correctSerialNumber: fc.constantFrom('SN-2', 'SN-1'),
  range: fc.record({ first: fc.oneof(fc.constantFrom('SN-001', 'SN'), nastyString), count: hostileValue }),
  locationId: fc.constantFrom('WH/Stock', 'WH/Shelf-2', 'Virtual/Scrap'),
  fromLocationId: fc.constantFrom('WH/Stock', 'Partners/Vendors', 'WH/Shelf-2'),
  toLocationId: fc.constantFrom('WH/Stock', 'Partners/Customers', 'WH/Shelf-2'),
  direction: fc.constantFrom('found', 'lost', 'FOUND'),
  type: fc.constantFrom('storable', 'internal', 'receipt', 'delivery', 'customer'),
  tracking: fc.constantFrom('serial', 'none', 'lot'),
  startsAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-13-01', 'yesterday'),
  endsAt: fc.constantFrom('2028-01-01T00:00:00.000Z', '2020-01-01T00:00:00Z'),
  lines: fc.array(fc.record({ productId: fc.constantFrom('LAPTOP'), quantity: hostileValue }), {
    maxLength: 2,
  }),
  quantity: fc.integer(),
  warrantyMonths: fc.integer({ min: -2, max: 1_000 }),
  gtin: fc.constantFrom('09506000134352', '09506000134353', '1'),
  code: fc.oneof(
    nastyString,
    fc.constantFrom('(01)09506000134352(21)SN-1', '\u001d0109506000134352', 'https://id.gs1.org/01/1/21/%'),
  ),
};
const fieldValue = (field: string) =>
  fc.oneof(PLAUSIBLE[field] ?? fc.constantFrom('REF-1', 'C1', 'a reason'), hostileValue);

const SERIAL_LIST = ['productId', 'serialNumbers'];
const ROUTES: {
  name: string;
  method: 'post' | 'patch' | 'put';
  path: (p: string) => string;
  fields: string[];
}[] = [
  ...(
    [
      ['register', [...SERIAL_LIST, 'range', 'internalReference', 'purchaseReference', 'lot']],
      ['receive', [...SERIAL_LIST, 'range', 'toLocationId', 'fromLocationId', 'vendorId', 'reference']],
      [
        'deliver',
        [...SERIAL_LIST, 'fromLocationId', 'customerId', 'toLocationId', 'reference', 'movementId'],
      ],
      ['transfer', [...SERIAL_LIST, 'fromLocationId', 'toLocationId', 'reference']],
      ['return', [...SERIAL_LIST, 'customerId', 'toLocationId', 'reason', 'reference']],
      ['scrap', [...SERIAL_LIST, 'fromLocationId', 'reason']],
      ['adjust', ['productId', 'serialNumber', 'locationId', 'direction', 'reason']],
      ['correct', ['productId', 'wrongSerialNumber', 'correctSerialNumber', 'locationId', 'reason']],
      ['reserve', [...SERIAL_LIST, 'reference', 'locationId']],
      ['release', [...SERIAL_LIST, 'reference']],
      ['warranty', ['productId', 'serialNumber', 'startsAt', 'endsAt', 'reference']],
    ] as const
  ).map(([name, fields]) => ({
    name: `POST /v1/serials/${name}`,
    method: 'post' as const,
    path: () => `/v1/serials/${name}`,
    fields: [...fields],
  })),
  {
    name: 'POST /v1/products',
    method: 'post',
    path: () => '/v1/products',
    fields: ['id', 'sku', 'name', 'type', 'tracking', 'gtin', 'warrantyMonths'],
  },
  {
    name: 'PATCH /v1/products/{id}',
    method: 'patch',
    path: (p) => `/v1/products/${p}`,
    fields: ['name', 'tracking', 'gtin', 'warrantyMonths'],
  },
  { name: 'POST /v1/locations', method: 'post', path: () => '/v1/locations', fields: ['id', 'name', 'type'] },
  {
    name: 'POST /v1/movements',
    method: 'post',
    path: () => '/v1/movements',
    fields: ['id', 'type', 'fromLocationId', 'toLocationId', 'reference', 'partnerId', 'lines'],
  },
  {
    name: 'PUT /v1/movements/{id}/lines/{i}/serials',
    method: 'put',
    path: (p) => `/v1/movements/${p}/lines/${p}/serials`,
    fields: ['serialNumbers'],
  },
  {
    name: 'POST /v1/movements/{id}/validate',
    method: 'post',
    path: (p) => `/v1/movements/${p}/validate`,
    fields: [],
  },
  {
    name: 'POST /v1/movements/{id}/cancel',
    method: 'post',
    path: (p) => `/v1/movements/${p}/cancel`,
    fields: [],
  },
  { name: 'POST /v1/scan', method: 'post', path: () => '/v1/scan', fields: ['code'] },
];

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'userId', 'hasOwnProperty', 'toString', 'x'];

/** JSON text built by hand: an object literal cannot hold an own `__proto__` key. */
const bodyFor = (fields: string[]) =>
  fc.oneof(
    fc
      .tuple(
        fc.record(Object.fromEntries(fields.map((f) => [f, fieldValue(f)])), { requiredKeys: [] }),
        fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string()), hostileValue, { maxKeys: 2 }),
        fc.boolean(),
      )
      .map(([known, extra, extraFirst]) => {
        const entries = extraFirst
          ? [...Object.entries(extra), ...Object.entries(known)]
          : [...Object.entries(known), ...Object.entries(extra)];
        const members = entries
          .map(([key, value]) => [key, JSON.stringify(value)])
          .filter(([, json]) => json !== undefined)
          .map(([key, json]) => `${JSON.stringify(key)}:${json}`);
        return `{${members.join(',')}}`;
      }),
    hostileValue.map((value) => JSON.stringify(value) ?? ''),
    fc.constantFrom('{', '{"a":1,}', 'null', '"', '[]', "{'a':1}", '\u0000', '{"a":1}{"b":2}', 'NaN'),
  );

const headerText = fc
  .string({ unit: 'binary', maxLength: 300 })
  .map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?'));
const headers = fc.record(
  {
    'Idempotency-Key': fc.oneof(headerText, fc.constantFrom('', ' ', 'k'.repeat(256), 'key-1')),
    'X-Min-Position': fc.oneof(
      headerText,
      fc.constantFrom('-1', '1e3', '99999999999999999999', '18446744073709551616'),
    ),
    'Content-Type': fc.oneof(
      headerText,
      fc.constantFrom(
        'text/plain',
        'application/json; charset=utf-16',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json;;',
        'APPLICATION/JSON',
      ),
    ),
  },
  { requiredKeys: [] },
);
const pathParam = fc.oneof(
  fc.string({ maxLength: 80 }).map(encodeURIComponent),
  fc.constantFrom(
    'MISSING',
    'x'.repeat(65),
    '%',
    '%E0%A4%A',
    '..%2F..',
    '%00',
    '-1',
    '1.5',
    '99999999999999999999',
  ),
);

function nestObject(depth: number): object {
  let value: object = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('hostile input (e2e)', () => {
  let t: TestApp;
  let head: bigint;
  const token = `Bearer ${signToken(TEST_SECRET, { sub: 'fuzzer', roles: ['admin'] }, '1h')}`;
  const headPosition = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const send = (
    method: 'post' | 'patch' | 'put',
    url: string,
    body: string,
    extra: Record<string, string> = {},
  ) =>
    t
      .http()
      [method](url)
      .set('Authorization', token)
      .set({ 'Content-Type': 'application/json', ...extra })
      .timeout(15_000)
      .send(body);

  /** A rejection is a 4xx problem with a stable code and writes nothing; a 2xx answers valid JSON. */
  async function expectRejectedOrValid(response: Response): Promise<void> {
    const context = `${response.status} ${response.text.slice(0, 300)}`;
    if (response.status >= 200 && response.status < 300) {
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(typeof response.body).toBe('object');
      head = await headPosition();
      return;
    }
    expect({ context, clientError: response.status >= 400 && response.status < 500 }).toEqual({
      context,
      clientError: true,
    });
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(KNOWN_CODES.has(response.body.code) ? response.body.code : context).toBe(response.body.code);
    expect(response.body.status).toBe(response.status);
    expect(await headPosition()).toBe(head);
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['admin'])
      .post('/v1/locations', { id: 'WH/Shelf-2', name: 'Shelf 2', type: 'internal' })
      .expect(201);
    head = await headPosition();
  });
  afterAll(() => t.close());

  it.each(ROUTES.map((route) => [route.name, route] as const))(
    '%s: any body, path and headers get a 4xx problem or a valid answer',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(bodyFor(route.fields), pathParam, headers, async (body, param, extra) => {
          await expectRejectedOrValid(await send(route.method, route.path(param), body, extra));
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('refuses serials holding control, bidi or separator characters, writing nothing', async () => {
    const serial = fc
      .tuple(fc.stringMatching(/^[A-Z0-9-]{1,20}$/), fc.constantFrom(...UNPRINTABLE, '\u2028', '\ud800'))
      .map(([text, bad]) => `${text}${bad}${text}`);
    await fc.assert(
      fc.asyncProperty(fc.array(serial, { minLength: 1, maxLength: 5 }), async (serialNumbers) => {
        const body = JSON.stringify({ productId: 'LAPTOP', serialNumbers, toLocationId: 'WH/Stock' });
        const response = await send('post', '/v1/serials/receive', body).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(await headPosition()).toBe(head);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses 10,001 serials, by list or by range', async () => {
    const list = JSON.stringify({ productId: 'LAPTOP', serialNumbers: serials('BIG', 10_001) });
    const byList = await send('post', '/v1/serials/register', list).expect(400);
    expect(byList.body.code).toBe('VALIDATION_FAILED');
    expect(byList.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'serialNumbers' })]),
    );
    for (const count of [10_001, 1e9, 1e308]) {
      const range = JSON.stringify({ productId: 'LAPTOP', range: { first: 'BIG-00001', count } });
      const byRange = await send('post', '/v1/serials/register', range).expect(400);
      expect(byRange.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'range.count' })]),
      );
    }
    expect(await headPosition()).toBe(head);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const padding = 'A'.repeat(BODY_LIMIT_BYTES + 1024 * 1024);
    const body = JSON.stringify({ productId: 'LAPTOP', serialNumbers: ['SN-1'], lot: padding });
    const response = await send('post', '/v1/serials/register', body).expect(413);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await headPosition()).toBe(head);
  });

  it.each(ROUTES.map((route) => [route.name, route] as const))(
    '%s: refuses JSON nested 10,000 deep with 400, at once',
    async (_name, route) => {
      for (const deep of [
        '['.repeat(10_000) + ']'.repeat(10_000),
        `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
      ]) {
        const started = Date.now();
        const body = `{"${route.fields[0] ?? 'x'}":${deep}}`;
        const response = await send(route.method, route.path('MISSING'), body).expect(400);
        expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body' }] });
        expect(Date.now() - started).toBeLessThan(5_000);
      }
      expect(await headPosition()).toBe(head);
    },
  );

  it('answers a malformed URL with a 400 problem, yet takes a 128-character serial in a path', async () => {
    for (const url of [
      '/v1/movements/%E0%A4%A/cancel',
      '/v1/movements/%/validate',
      `/v1/products/${'x'.repeat(2_000)}`,
    ]) {
      const response = await send(url.startsWith('/v1/products') ? 'patch' : 'post', url, '{}').expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const serial = 'é'.repeat(128);
    await send(
      'post',
      '/v1/serials/register',
      JSON.stringify({ productId: 'LAPTOP', serialNumbers: [serial] }),
    ).expect(200);
    head = await headPosition();
    await t
      .as(['reporter'])
      .get(`/v1/products/LAPTOP/serials/${encodeURIComponent(serial)}`)
      .expect(200);
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"polluted":true},"productId":"LAPTOP","serialNumbers":["P-1"]}'],
    [
      '__proto__ nested',
      '{"productId":"LAPTOP","range":{"__proto__":{"polluted":true},"first":"P-1","count":1}}',
    ],
    [
      'constructor.prototype',
      '{"constructor":{"prototype":{"polluted":true}},"productId":"LAPTOP","serialNumbers":["P-1"]}',
    ],
    ['__proto__ in a list', '{"productId":"LAPTOP","serialNumbers":[{"__proto__":{"polluted":true}}]}'],
  ])('refuses %s with 400 and pollutes nothing', async (_case, body) => {
    const response = await send('post', '/v1/serials/register', body).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(await headPosition()).toBe(head);
  });
});
