import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { STATUS_BY_CODE } from '../apps/api/src/http/problem';
import { startTestApp, type TestApp } from './support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const PROBLEM = 'application/problem+json';
/** The one error answer that is not a problem document: the readiness probe's own 503 body. */
const OWN_ERROR_BODIES = new Set(['Health_ready 503']);

/**
 * The document /docs-json serves is complete enough to generate a client from (docs/api.md, the
 * paragraph on OpenAPI): Redocly's lint passes, every operation has its success schema and its
 * problem answers with real examples, and the headers it lists are the ones the route honours.
 */
describe('the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let document: Json;
  const operations: { method: string; path: string; operation: Json }[] = [];
  const resolve = (node: Json): Json =>
    typeof node.$ref === 'string'
      ? resolve(
          node.$ref
            .slice(2)
            .split('/')
            .reduce((at: Json, key: string) => at[key], document),
        )
      : node;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http().get('/docs-json').expect(200)).body;
    for (const [route, item] of Object.entries<Json>(document.paths)) {
      for (const method of HTTP_METHODS.filter((m) => item[m])) {
        operations.push({ method, path: route, operation: item[method] });
      }
    }
  });
  afterAll(() => t.close());

  it('passes Redocly lint with the repository ruleset: no error, no warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(document));
    const cli = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
    const config = path.resolve(__dirname, '../redocly.yaml');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    // Exit status 1 on errors: the report on stdout says which.
    const run = promisify(execFile)(
      process.execPath,
      [cli, 'lint', file, '--config', config, '--format=json'],
      {
        env,
      },
    ).catch((error: { stdout: string }) => error);
    const report = JSON.parse((await run).stdout);
    fs.rmSync(dir, { recursive: true, force: true });
    const problems = report.problems.map(
      (p: Json) => `${p.ruleId}: ${p.message} at ${p.location[0].pointer}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('gives every operation an id, a summary, a description and a success schema', () => {
    const lacking = operations.flatMap(({ method, path: route, operation }) => {
      const success = Object.entries<Json>(operation.responses).filter(([status]) => /^2/.test(status));
      // A 204 has no body to describe; a stream (the change feed) is described under its own media type.
      const schemas = success
        .filter(([status]) => status !== '204')
        .map(([, response]) => Object.values<Json>(response.content ?? {})[0]?.schema);
      return [
        ...(operation.operationId ? [] : ['operationId']),
        ...(operation.summary ? [] : ['summary']),
        ...(operation.description ? [] : ['description']),
        ...(success.length > 0 && schemas.every(Boolean) ? [] : ['a 2xx schema']),
      ].map((what) => `${method.toUpperCase()} ${route} lacks ${what}`);
    });
    expect(lacking).toEqual([]);
  });

  it('documents each error answer as a problem document, its codes an enum, one real example each', () => {
    const wrong: string[] = [];
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        const where = `${operation.operationId} ${status}`;
        if (/^[23]/.test(status) || OWN_ERROR_BODIES.has(where)) continue;
        const content = response.content?.[PROBLEM];
        const [problemRef, narrowing] = content?.schema?.allOf ?? [];
        if (problemRef?.$ref !== '#/components/schemas/ProblemDetails') {
          wrong.push(`${where}: not a ProblemDetails`);
          continue;
        }
        const codes: string[] = narrowing.properties.code.enum;
        if (JSON.stringify(Object.keys(content.examples)) !== JSON.stringify(codes))
          wrong.push(`${where}: examples ${Object.keys(content.examples)} for codes ${codes}`);
        for (const code of codes) {
          if (String(STATUS_BY_CODE[code]) !== status) wrong.push(`${where}: ${code} is not a ${status}`);
          const example = resolve(content.examples[code] ?? {}).value ?? {};
          if (example.code !== code || String(example.status) !== status || !example.detail)
            wrong.push(`${where}: the example of ${code} is ${JSON.stringify(example)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists the answers of auth, bodies and failures on the routes that can give them', () => {
    const missing = operations.flatMap(({ method, operation }) => {
      const codes = (status: string): string[] =>
        operation.responses[status]?.content?.[PROBLEM]?.schema.allOf[1].properties.code.enum ?? [];
      const needs: [string, string][] = [];
      if (operation.security.length > 0)
        needs.push(['401', 'UNAUTHENTICATED'], ['403', 'FORBIDDEN'], ['500', 'INTERNAL_ERROR']);
      if (method !== 'get') needs.push(['400', 'VALIDATION_FAILED'], ['413', 'PAYLOAD_TOO_LARGE']);
      if (method !== 'get') needs.push(['415', 'UNSUPPORTED_MEDIA_TYPE']);
      return needs
        .filter(([status, code]) => !codes(status).includes(code))
        .map(([status, code]) => `${operation.operationId} lacks ${status} ${code}`);
    });
    expect(missing).toEqual([]);
  });

  it('shows a real example for every parameter and every property of every schema', () => {
    const without: string[] = [];
    for (const { operation } of operations) {
      for (const parameter of (operation.parameters ?? []).map(resolve)) {
        const { example, schema = {} } = parameter;
        if (example === undefined && schema.example === undefined && schema.enum === undefined)
          without.push(`${operation.operationId} parameter ${parameter.name}`);
      }
    }
    for (const [name, schema] of Object.entries<Json>(document.components.schemas)) {
      for (const [property, value] of Object.entries<Json>(schema.properties ?? {})) {
        const refersOnward = value.$ref || value.allOf || value.items?.$ref;
        if (!refersOnward && value.example === undefined) without.push(`${name}.${property}`);
      }
    }
    expect(without).toEqual([]);
  });

  describe('lists exactly the headers each route honours', () => {
    const documents = (operation: Json, header: string) =>
      (operation.parameters ?? []).map(resolve).some((p: Json) => p.in === 'header' && p.name === header);
    const fill = (route: string, operation: Json) =>
      route.replace(/\{(\w+)\}/g, (_whole, name: string) => {
        const parameter = (operation.parameters ?? []).map(resolve).find((p: Json) => p.name === name);
        return encodeURIComponent(String(parameter?.schema?.example ?? 'x'));
      });
    /** The field a 400 names, or the status when the answer is no 400. */
    const refusal = (response: { status: number; body: Json }) =>
      response.status === 400 ? response.body.errors?.[0]?.field : response.status;

    it('Idempotency-Key: documented exactly where a malformed key is refused', async () => {
      const mismatches: string[] = [];
      for (const { method, path: route, operation } of operations.filter((o) => o.method !== 'get')) {
        const request = t.as(['admin'])[method as 'post'](fill(route, operation), {});
        const refusedKey =
          refusal(await request.set('Idempotency-Key', 'k'.repeat(256))) === 'Idempotency-Key';
        if (refusedKey !== documents(operation, 'Idempotency-Key'))
          mismatches.push(`${operation.operationId}: documented ${!refusedKey}, honoured ${refusedKey}`);
      }
      expect(mismatches).toEqual([]);
    });

    it('X-Min-Position: documented exactly where a malformed position is refused', async () => {
      const mismatches: string[] = [];
      for (const { path: route, operation } of operations.filter((o) => o.method === 'get')) {
        const response = await t.as(['admin']).get(fill(route, operation)).set('X-Min-Position', 'soon');
        const honoured = refusal(response) === 'X-Min-Position';
        if (honoured !== documents(operation, 'X-Min-Position'))
          mismatches.push(`${operation.operationId}: documented ${!honoured}, honoured ${honoured}`);
      }
      expect(mismatches).toEqual([]);
    });
  });
});
