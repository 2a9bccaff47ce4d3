import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_AUTH, completeOperations } from './openapi-operations';
import { operationIdOf, routeFacts } from './openapi-routes';
import { ProblemDetails } from './problem.openapi';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs-json';
const TITLE = 'Serial-number tracking API';
/** The HTTP contract's version (docs/api.md "HTTP contract, v1"), not the package's. */
const API_VERSION = '1';

/**
 * What the Swagger UI page loads from swagger-ui-dist; SwaggerModule serves that whole folder, and
 * nothing else in it (package.json, source maps, the petstore initializer) is ours to publish.
 */
const UI_ASSETS = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);
const UI_ROUTES = new Set(['', '/', '/index.html', '/swagger-ui-init.js']);

/**
 * OpenAPI at /docs-json and Swagger UI at /docs, both by SwaggerModule. The document is built on
 * first request: start-up (and every e2e test) skips the route scan.
 */
export function setupDocs(app: NestFastifyApplication): void {
  let document: OpenAPIObject | undefined;
  const getDocument = (): OpenAPIObject => (document ??= buildDocument(app));
  SwaggerModule.setup(DOCS_PATH, app, getDocument, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: TITLE,
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const path = request.url.split('?')[0];
      if (!path.startsWith(`${DOCS_PATH}/`) && path !== DOCS_PATH) return done();
      const rest = path.slice(DOCS_PATH.length);
      if (UI_ROUTES.has(rest) || UI_ASSETS.has(rest.slice(1))) return done();
      reply.callNotFound();
    });
}

export function buildDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(TITLE)
    .setDescription(
      'Event-sourced serial-number tracking for ERP systems (docs/api.md is the contract in prose). ' +
        'Errors are RFC 9457 problem documents (application/problem+json); clients branch on `code`. ' +
        'A token for a person: `npm run -s cli -- token --sub NAME --roles operator,reporter`.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_AUTH)
    .addServer('/', 'The service that serves this document')
    .addTag('serial commands', 'Receive, deliver, move, reserve and correct serials: all-or-nothing')
    .addTag('movements', "Receipt and delivery documents of the ERP's workflow, and scanning")
    .addTag('read models', 'Serial views, histories, lists and reports, for ERP pages and reporting')
    .addTag(
      'traceability',
      'Recalls and service: which units a document, partner or lot touched, and what is inside a unit',
    )
    .addTag('master data', 'Products and locations')
    .addTag('audit', 'The event store itself: raw events, hash chains, state as of any time')
    .addTag('feed', 'The change feed: every event as Server-Sent Events, resumable')
    .addTag('webhooks', 'Signed, in-order deliveries of the events to integration endpoints')
    .addTag('operations', 'Health probes and the read models’ projections')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationIdOf,
    extraModels: [ProblemDetails],
  });
  completeOperations(document, routeFacts(app));
  return document;
}
