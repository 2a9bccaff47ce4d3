import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { AppConfig } from '@serial/runtime';
import { authenticateRequests } from './auth/authenticate-requests';
import { TOKEN_VERIFIER, type TokenVerifier } from './auth/token-verifier';
import { setupDocs } from './http/docs';
import { acceptOnlyJsonBodies } from './http/json-body';
import { logRequests, REQUEST_ID_HEADER, requestId } from './http/request-logging';
import { answerFrameworkError, ProblemFilter } from './http/problem.filter';
import { createValidationPipe } from './http/validation';
import { closeConnectionsOnShutdown, serverLimitOptions } from './http/server-limits';
import { recordCommandMetrics } from './metrics/command-metrics';
import { ServiceMetrics } from './metrics/metrics';

/**
 * A request carries up to 10,000 serials of up to 128 characters (API.md). Plain ASCII that is
 * ~1.3 MB, but JSON may escape every character: an astral character written as a \u surrogate
 * pair takes 12 bytes, so the worst legal body is ~15.4 MB. 16 MiB admits it and still bounds memory.
 */
export const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Fastify refuses longer path parameters (default 100). A 128-character serial, percent-encoded in
 * the URL, takes up to 128 × 9 characters (three %XX bytes per BMP character).
 */
export const MAX_PATH_PARAM_LENGTH = 128 * 9;

export type CreateAppOptions = AppModuleOptions & {
  /**
   * Keep the start-up logs (Nest's "successfully started" among them) until the caller flushes them:
   * main.ts does once the port is bound, so nothing says "started" before the service can be reached.
   */
  readonly holdLogs?: boolean;
};

/**
 * The whole HTTP application, initialised and ready to serve (supertest can use
 * `app.getHttpServer()` at once), but not listening: main.ts does that.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    genReqId: requestId,
    frameworkErrors: answerFrameworkError,
    ...serverLimitOptions(config),
  });
  // Node closes a connection past the cap as soon as it accepts it, before reading a byte of it.
  adapter.getInstance().server.maxConnections = config.maxConnections;
  const { holdLogs = false, ...moduleOptions } = options;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, moduleOptions),
    adapter,
    {
      bufferLogs: true,
      // Nest's parsers would add x-www-form-urlencoded; acceptOnlyJsonBodies installs JSON alone.
      bodyParser: false,
      // By default a start-up error would abort the process and dump the buffer as plain text;
      // instead it is thrown, and main.ts reports it once.
      abortOnError: false,
      autoFlushLogs: false,
    },
  );
  app.useLogger(app.get(Logger));
  // Nest only flushes the start-up buffer on listen(); an app that never listens (tests) would stay mute.
  if (!holdLogs) app.flushLogs();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  const fastify = app.getHttpAdapter().getInstance();
  acceptOnlyJsonBodies(fastify);
  closeConnectionsOnShutdown(fastify);
  logRequests(fastify, () => PinoLogger.root);
  recordCommandMetrics(fastify, app.get(ServiceMetrics));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  authenticateRequests(fastify, app.get<TokenVerifier>(TOKEN_VERIFIER), config);
  setupDocs(app);

  await app.init();
  await fastify.ready();
  return app;
}
