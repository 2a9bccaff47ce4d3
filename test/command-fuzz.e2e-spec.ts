import fc from 'fast-check';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { signToken } from '@serial/runtime';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is walked as plain JSON */
type Json = any;

const CASES_PER_ROUTE = 200;
const WRITING_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const PROBLEM_JSON = /^application\/problem\+json/;

interface CommandRoute {
  readonly method: string;
  readonly url: string;
  /** A body built from the documented examples: valid, or one field away from it. */
  readonly example: unknown;
}

/** The example of a schema, from the examples every documented property carries. */
function exampleOf(schema: Json, document: Json, depth = 0): unknown {
  if (schema === undefined || depth > 8) return undefined;
  if (schema.$ref) return exampleOf(resolve(document, schema.$ref), document, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((s: Json) => exampleOf(s, document, depth + 1)));
  if (schema.type === 'array') return [exampleOf(schema.items, document, depth + 1)];
  if (schema.properties) {
    return Object.fromEntries(
      Object.entries<Json>(schema.properties).map(([key, value]) => [
        key,
        exampleOf(value, document, depth + 1),
      ]),
    );
  }
  return undefined;
}

const resolve = (document: Json, ref: string): Json =>
  ref
    .slice(2)
    .split('/')
    .reduce((at: Json, key: string) => at[key], document);

function commandRoutes(document: Json): CommandRoute[] {
  return Object.entries<Json>(document.paths).flatMap(([template, item]) =>
    Object.entries<Json>(item)
      .filter(([method]) => WRITING_METHODS.has(method))
      .map(([method, operation]) => {
        const parameters: Json[] = operation.parameters ?? [];
        const url = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
          const parameter = parameters.find((p) => p.name === name && p.in === 'path');
          return encodeURIComponent(String(parameter?.example ?? parameter?.schema?.example ?? 'X'));
        });
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const example = (exampleOf(schema, document) ?? {}) as Record<string, unknown>;
        // Serials are listed or given as a range, never both.
        if ('serialNumbers' in example && 'range' in example) delete example.range;
        return { method, url, example };
      }),
  );
}

/** Values a hostile or careless client puts in a field. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(1e308, -0, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 0.5),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'SN-\u202e1',
    'e\u0301',
    '=HYPERLINK("x")',
    '0x10',
    '1e3',
    '9'.repeat(25),
  ),
  fc.string({ minLength: 200, maxLength: 2000 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(Array.from({ length: 1200 }, (_, i) => `F-${i}`)),
);

const oddKey = fc.oneof(
  fc.constantFrom('constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', ''),
  fc.string({ maxLength: 12 }),
);

/** One request body as text: random JSON, the example with a field changed or added, or broken JSON. */
function oddBody(example: unknown): fc.Arbitrary<string> {
  const base = example !== null && typeof example === 'object' && !Array.isArray(example) ? example : {};
  const keys = Object.keys(base);
  const changed = fc
    .record({ key: keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), oddKey) : oddKey, value: oddValue })
    .map(({ key, value }) => {
      const body: Record<string, unknown> = { ...base };
      // defineProperty: an own `__proto__` key, as JSON.parse would make it.
      Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
      return JSON.stringify(body);
    });
  const text = JSON.stringify(base);
  const broken = fc.oneof(
    fc.nat({ max: Math.max(text.length - 1, 0) }).map((end) => text.slice(0, end)),
    fc.constantFrom(
      '['.repeat(100),
      `\ufeff${text}`,
      keys.length > 0 ? `{${JSON.stringify(keys[0])}:1,${text.slice(1)}` : '{"a":1,"a":2}',
      'null',
      '"text"',
    ),
    fc.string({ maxLength: 50 }),
  );
  return fc.oneof(
    { arbitrary: changed, weight: 5 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)), weight: 2 },
    { arbitrary: broken, weight: 2 },
  );
}

/**
 * Issue 13: odd bodies on every command route are a 4xx problem document, never a 5xx, and a 4xx
 * writes nothing (the event store's head does not move).
 */
describe('every command route under odd bodies (e2e, fast-check)', () => {
  let t: TestApp;
  let store: EventStore;
  let routes: CommandRoute[];
  const authorization = `Bearer ${signToken(TEST_SECRET, { sub: 'fuzzer', roles: ['admin'] }, '1h')}`;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    routes = commandRoutes((await t.http().get('/docs-json').expect(200)).body);
    // What the examples name exists, so that odd bodies also reach the domain's rules.
    for (const url of [
      '/v1/products',
      '/v1/locations',
      '/v1/serials/receive',
      '/v1/movements',
      '/v1/webhooks',
    ]) {
      const route = routes.find((candidate) => candidate.method === 'post' && candidate.url === url);
      const response = await t.as(['admin']).post(url, route?.example as object);
      expect([url, response.status < 300]).toEqual([url, true]);
    }
  });
  afterAll(() => t.close());

  it('finds the command routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.map((route) => `${route.method} ${route.url}`)).toContain('post /v1/serials/receive');
  });

  it(`answers ${CASES_PER_ROUTE} odd bodies per route below 500, writing nothing when it refuses`, async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(oddBody(route.example), async (payload) => {
          const before = await store.headPosition();
          const response = await fastify.inject({
            method: route.method.toUpperCase() as 'POST',
            url: route.url,
            headers: { authorization, 'content-type': 'application/json' },
            payload,
          });
          const context = `${route.method} ${route.url} ${payload.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect([context, response.statusCode < 500]).toEqual([context, true]);
          if (response.statusCode >= 400) {
            expect([context, response.headers['content-type']]).toEqual([
              context,
              expect.stringMatching(PROBLEM_JSON),
            ]);
            expect([context, await store.headPosition()]).toEqual([context, before]);
          }
        }),
        { numRuns: CASES_PER_ROUTE },
      );
    }
  }, 120_000);
});
