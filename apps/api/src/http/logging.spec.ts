import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import { loggerParams, requestId } from './logging';

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

describe('loggerParams', () => {
  const options = loggerParams('info').pinoHttp as Options;

  it('logs at the configured level', () => {
    expect(options.level).toBe('info');
    expect((loggerParams('silent').pinoHttp as Options).level).toBe('silent');
  });

  it('logs successes at debug, client errors at info and server errors at error', () => {
    const level = (statusCode: number, error?: Error) =>
      options.customLogLevel?.({} as IncomingMessage, { statusCode } as ServerResponse, error);
    expect(level(200)).toBe('debug');
    expect(level(404)).toBe('info');
    expect(level(503)).toBe('error');
    expect(level(200, new Error('x'))).toBe('error');
  });

  it('serializes a request without its headers, so no token reaches the log', () => {
    const serialize = options.serializers?.req as (req: unknown) => unknown;
    const req = { id: 'r1', method: 'GET', url: '/v1/serials', headers: { authorization: 'Bearer secret' } };
    expect(serialize(req)).toEqual({ id: 'r1', method: 'GET', url: '/v1/serials' });
  });
});
