import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BEARER_AUTH } from '../auth/auth.decorators';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs-json';
const TITLE = 'Serial-number tracking API';
/** The HTTP contract's version (API.md "HTTP contract, v1"), not the package's. */
const API_VERSION = '1';

/** Only what the page loads; nothing else under /docs reaches the disk. */
const UI_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>${TITLE}</title>
  <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
  <link rel="stylesheet" href="${DOCS_PATH}/index.css">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
  <script src="${DOCS_PATH}/swagger-initializer.js"></script>
</body>
</html>
`;

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(DOCS_JSON_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/**
 * OpenAPI at /docs-json and Swagger UI at /docs. SwaggerModule's own UI serving needs
 * @fastify/static, which is not a dependency (without it Nest exits the process), so SwaggerModule
 * serves only the JSON and we serve the page and the few swagger-ui-dist files it loads. The
 * document is built on first request: start-up (and every e2e test) skips the route scan.
 */
export function setupDocs(app: NestFastifyApplication): void {
  let document: OpenAPIObject | undefined;
  const getDocument = (): OpenAPIObject => (document ??= buildDocument(app));
  SwaggerModule.setup(DOCS_PATH, app, getDocument, {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_PATH,
  });

  const fastify = app.getHttpAdapter().getInstance();
  const assetCache = new Map<string, Buffer>();
  fastify.get(DOCS_PATH, (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  fastify.get(`${DOCS_PATH}/swagger-initializer.js`, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(INITIALIZER),
  );
  fastify.get<{ Params: { asset: string } }>(`${DOCS_PATH}/:asset`, (request, reply) => {
    const { asset } = request.params;
    const type = UI_ASSETS[asset];
    if (type === undefined) return reply.callNotFound();
    let content = assetCache.get(asset);
    if (content === undefined) {
      content = readFileSync(path.join(swaggerUiDistDir(), asset));
      assetCache.set(asset, content);
    }
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(content);
  });
}

/** swagger-ui-dist is @nestjs/swagger's dependency, not ours: resolve it from there. */
function swaggerUiDistDir(): string {
  const from = path.dirname(require.resolve('@nestjs/swagger'));
  return path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [from] }));
}

function buildDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(TITLE)
    .setDescription(
      'Event-sourced serial-number tracking for ERP systems. Errors are RFC 9457 problem documents ' +
        '(application/problem+json); clients branch on `code`.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_AUTH)
    .build();
  return SwaggerModule.createDocument(app, config);
}
