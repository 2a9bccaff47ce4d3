import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentedRoutes, openApiRoutes, routeShape } from './support/api-doc-routes';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * docs/api.md, the contract users read, names exactly the routes of the served OpenAPI document.
 *
 * The page's convention (stated at its top, enforced by documentedRoutes):
 * - every route has its own section, headed exactly ### `METHOD /path`, with {param} placeholders;
 * - a route written elsewhere on the page is in backticks the same way and has such a section;
 * - the request line of an ```http example names a documented route, its parameters filled in.
 * Routes are compared by method and path shape: `{id}` and `{productId}` in one place are one route.
 */
const API_DOC = path.resolve(__dirname, '../docs/api.md');
const WALK_THROUGH = path.resolve(__dirname, '../docs/walkthrough.http');

/** Documented and served, but deliberately not operations of the OpenAPI document. */
const SERVED_OUTSIDE_OPENAPI: Readonly<Record<string, string>> = {
  // A Prometheus scrape target, not an API call: @ApiExcludeEndpoint keeps it out.
  'GET /metrics': 'metrics',
  // The Swagger UI page and the document itself are served beside the document, not described in it.
  'GET /docs': 'Swagger UI',
  'GET /docs-json': 'OpenAPI document',
};

describe('docs/api.md and the served OpenAPI document (e2e)', () => {
  const documented = documentedRoutes(fs.readFileSync(API_DOC, 'utf8'));
  let t: TestApp;
  let served: string[];

  beforeAll(async () => {
    t = await startTestApp();
    served = openApiRoutes((await t.http().get('/docs-json').expect(200)).body);
  });
  afterAll(() => t.close());

  it('follows its route convention', () => {
    expect(documented.problems).toEqual([]);
  });

  it('documents every route of the OpenAPI document, and the document holds every documented route', () => {
    const inDoc = new Set(documented.declared.map(routeShape));
    const inOpenApi = new Set(served.map(routeShape));
    const outside = new Set(Object.keys(SERVED_OUTSIDE_OPENAPI).map(routeShape));
    expect({
      documentedButNotInOpenApi: [...inDoc].filter((r) => !inOpenApi.has(r) && !outside.has(r)).sort(),
      inOpenApiButNotDocumented: [...inOpenApi].filter((r) => !inDoc.has(r)).sort(),
    }).toEqual({ documentedButNotInOpenApi: [], inOpenApiButNotDocumented: [] });
  });

  it('docs/walkthrough.http calls only routes of the OpenAPI document', () => {
    const requests = [
      ...fs.readFileSync(WALK_THROUGH, 'utf8').matchAll(/^([A-Z]+) \{\{baseUrl\}\}(\/[^\s?]*)/gm),
    ];
    const unknown = requests
      .map(([, method, url]) => `${method} ${url}`)
      .filter((request) => {
        const [method, url] = request.split(' ');
        return !served.some((route) => {
          const [routeMethod, template] = route.split(' ');
          return (
            routeMethod === method && new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(url)
          );
        });
      });
    expect(requests.length).toBeGreaterThanOrEqual(10);
    expect(unknown).toEqual([]);
  });

  it.each(Object.entries(SERVED_OUTSIDE_OPENAPI))(
    '%s (%s) is documented, served without a token, and not in the OpenAPI document',
    async (route) => {
      expect(documented.declared).toContain(route);
      expect(served.map(routeShape)).not.toContain(routeShape(route));
      await t.http().get(route.replace(/^GET /, '')).expect(200);
    },
  );

  describe('the convention catches', () => {
    const page = (...lines: string[]) => ['### `GET /v1/serials`', '', ...lines].join('\n');
    it.each([
      ['a misspelt method', page('### `GTE /v1/serials`'), 'is not METHOD /path'],
      ['an Express-style parameter', page('See `GET /v1/products/:productId`.'), 'is not METHOD /path'],
      ['a query string in a route', page('See `GET /v1/serials?status=available`.'), 'is not METHOD /path'],
      ['a route outside backticks', page('Call GET /v1/serials first.'), 'outside backticks'],
      ['a heading with more than the route', page('### `GET /v1/reports/stock` (reporter)'), 'heading'],
      ['a second section for one route', page('### `GET /v1/serials`'), 'has a section already'],
      ['a mention without a section', page('Then `GET /v1/serial`.'), 'has no section'],
      ['an example of no documented route', page('```http', 'GET /v1/serial?limit=1', '```'), 'matches no'],
      ['an example without a request line', page('```http', 'Accept: */*', '```'), 'starts with'],
    ])('%s', (_case, markdown, problem) => {
      expect(documentedRoutes(markdown).problems).toEqual([expect.stringContaining(problem)]);
    });
  });
});
