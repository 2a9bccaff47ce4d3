import Fastify from 'fastify';
import { connect, type AddressInfo } from 'node:net';
import { CLIENT_CLOSED, recordCommandMetrics } from '../metrics/command-metrics';
import type { IncomingMessage } from 'node:http';
import pino, { type LoggerOptions } from 'pino';
import { loggerParams, type LogLevel } from '@serial/runtime';
import type { Options } from 'pino-http';
import { logRequests, requestId, requestLogLevel } from './request-logging';

const requestWith = (id?: string) =>
  ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage;

describe('requestId', () => {
  it('keeps a plain caller-supplied id', () => {
    expect(requestId(requestWith('erp-4711:a.b_c'))).toBe('erp-4711:a.b_c');
  });

  it.each([undefined, '', 'x'.repeat(129), 'has space', 'new\nline'])('replaces %j with a UUID', (id) => {
    expect(requestId(requestWith(id))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});

describe('requestLogLevel', () => {
  it('logs successes at debug, client errors at info and server errors at error', () => {
    expect([200, 201, 304, 404, 409, 500, 503].map(requestLogLevel)).toEqual([
      'debug',
      'debug',
      'debug',
      'info',
      'info',
      'error',
      'error',
    ]);
  });
});

describe('loggerParams', () => {
  const options = loggerParams('info').pinoHttp as Options;

  it('logs at the configured level', () => {
    expect(options.level).toBe('info');
    expect((loggerParams('silent').pinoHttp as Options).level).toBe('silent');
  });

  it('writes JSON unless a person reads it at a terminal, then pino-pretty', () => {
    expect(options.transport).toBeUndefined();
    const pretty = loggerParams('info', { pretty: true }).pinoHttp as Options;
    expect(pretty.transport).toMatchObject({ target: 'pino-pretty' });
    // pino-pretty is a dependency, not a dev one: the production image (npm prune --omit=dev) has it.
    expect(require('../../../../package.json').dependencies).toHaveProperty('pino-pretty');
    expect((loggerParams('silent', { pretty: true }).pinoHttp as Options).transport).toBeUndefined();
  });

  it("runs no per-request middleware (requests are logged by logRequests' Fastify hook)", () => {
    expect(loggerParams('info').forRoutes).toEqual([]);
  });

  it('serializes a request without its headers, so no token reaches the log', () => {
    const serialize = options.serializers?.req as (req: unknown) => unknown;
    const req = { id: 'r1', method: 'GET', url: '/v1/serials', headers: { authorization: 'Bearer secret' } };
    expect(serialize(req)).toEqual({ id: 'r1', method: 'GET', url: '/v1/serials' });
  });
});

describe('logRequests', () => {
  async function answered(statusCode: number, level: string) {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
    const logger = pino({ ...loggerParams(level as LogLevel).pinoHttp, level } as LoggerOptions, destination);
    const app = Fastify({ genReqId: () => 'req-1' });
    logRequests(app, () => logger);
    app.get('/x', (_request, reply) => reply.code(statusCode).send({}));
    await app.inject({ method: 'GET', url: '/x?q=1', headers: { authorization: 'Bearer secret' } });
    await app.close();
    return lines;
  }

  it('writes one line per request with id, method, url, status and time, never a header', async () => {
    const [line, ...more] = await answered(404, 'info');
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET', url: '/x?q=1' },
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('skips successes below the configured level', async () => {
    expect(await answered(200, 'info')).toEqual([]);
    expect(await answered(200, 'debug')).toHaveLength(1);
  });
});

describe('logRequests and recordCommandMetrics, when the client goes before the answer', () => {
  it('log the request and count the command as CLIENT_CLOSED', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
    const logger = pino({ ...loggerParams('info').pinoHttp, level: 'info' } as LoggerOptions, destination);
    const recorded: [string, string][] = [];
    const app = Fastify({ genReqId: () => 'req-slow' });
    logRequests(app, () => logger);
    recordCommandMetrics(app, { recordCommand: (command, outcome) => recorded.push([command, outcome]) });
    let finished!: () => void;
    const handled = new Promise<void>((resolve) => (finished = resolve));
    app.post('/v1/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished();
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(
        'POST /v1/slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await handled;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await app.close();
    }

    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request closed by the client before the answer',
        req: { id: 'req-slow', method: 'POST', url: '/v1/slow' },
      }),
    ]);
    expect(recorded).toEqual([['POST /v1/slow', CLIENT_CLOSED]]);
  });
});
