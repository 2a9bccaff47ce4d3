import { ApiClient, classifyResponse, ImportFailedError } from './api-client';

const problem = (code: string, extra: object = {}) => ({ code, detail: `${code} detail`, ...extra });

describe('classifyResponse', () => {
  it('accepts a success and tells a replay', () => {
    expect(classifyResponse(200, undefined, false)).toEqual({ kind: 'accepted', replayed: false });
    expect(classifyResponse(200, undefined, true)).toEqual({ kind: 'accepted', replayed: true });
  });

  it('sets aside the serials a refusal names, with its code', () => {
    const outcome = classifyResponse(
      409,
      problem('SERIAL_ALREADY_EXISTS', { serialNumbers: ['A', 'B'] }),
      false,
    );
    expect(outcome).toEqual({
      kind: 'serials-rejected',
      bySerial: new Map([
        ['A', { code: 'SERIAL_ALREADY_EXISTS', message: 'SERIAL_ALREADY_EXISTS detail' }],
        [
          'B',
          {
            code: 'SERIAL_ALREADY_EXISTS',
            message:
              'Serial number B was refused with SERIAL_ALREADY_EXISTS, like A: SERIAL_ALREADY_EXISTS detail',
          },
        ],
      ]),
    });
  });

  it('takes each serial’s own code when several rules were broken', () => {
    const body = problem('SERIAL_ALREADY_EXISTS', {
      serialNumbers: ['A', 'B'],
      errors: [
        { field: 'serialNumbers', serialNumber: 'A', code: 'SERIAL_ALREADY_EXISTS', message: 'A is on hand' },
        { field: 'serialNumbers', serialNumber: 'B', code: 'SERIAL_RESERVED', message: 'B is reserved' },
      ],
    });
    const outcome = classifyResponse(409, body, false);
    expect(outcome.kind === 'serials-rejected' && [...outcome.bySerial]).toEqual([
      ['A', { code: 'SERIAL_ALREADY_EXISTS', message: 'A is on hand' }],
      ['B', { code: 'SERIAL_RESERVED', message: 'B is reserved' }],
    ]);
  });

  it.each(['PRODUCT_NOT_FOUND', 'LOCATION_NOT_FOUND', 'INVALID_LOCATION_TYPE', 'PRODUCT_NOT_SERIAL_TRACKED'])(
    'refuses the whole command on %s',
    (code) => {
      expect(classifyResponse(422, problem(code), false)).toEqual({
        kind: 'batch-rejected',
        rejection: { code, message: `${code} detail` },
      });
    },
  );

  it('keeps the field errors of a validation failure in the message', () => {
    const body = problem('VALIDATION_FAILED', { errors: [{ field: 'toLocationId', message: 'must be' }] });
    expect(classifyResponse(400, body, false)).toEqual({
      kind: 'batch-rejected',
      rejection: { code: 'VALIDATION_FAILED', message: 'VALIDATION_FAILED detail; toLocationId must be' },
    });
  });

  it.each([
    [409, 'REQUEST_IN_PROGRESS'],
    [409, 'CONCURRENCY_CONFLICT'],
    [503, 'STORE_UNAVAILABLE'],
    [500, 'INTERNAL_ERROR'],
    [429, 'TOO_MANY_REQUESTS'],
  ])('retries %i %s', (status, code) => {
    expect(classifyResponse(status, problem(code), false).kind).toBe('retry');
  });

  it.each([
    [401, problem('UNAUTHENTICATED')],
    [403, problem('FORBIDDEN')],
    [422, problem('IDEMPOTENCY_KEY_REUSED')],
    [404, problem('NOT_FOUND')],
    [400, undefined],
  ])('stops the import on %i %j', (status, body) => {
    expect(classifyResponse(status, body, false).kind).toBe('fatal');
  });
});

describe('ApiClient', () => {
  const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
  const json = (status: number, body: object, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

  function clientAnswering(...answers: (Response | Error)[]) {
    const calls: RequestInit[] = [];
    const fetch = jest.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      calls.push(init!);
      const answer = answers.shift()!;
      if (answer instanceof Error) throw answer;
      return answer;
    });
    const client = new ApiClient({ url: 'http://127.0.0.1:1/', token: 'T', fetch, retry });
    return { client, calls, fetch };
  }

  it('retries a dropped connection and an in-flight key with the same key and body', async () => {
    const { client, calls, fetch } = clientAnswering(
      new TypeError('fetch failed'),
      json(409, problem('REQUEST_IN_PROGRESS')),
      json(200, { position: '1', serials: [] }, { 'idempotent-replayed': 'true' }),
    );
    await expect(client.sendCommand('/v1/serials/receive', { a: 1 }, 'K')).resolves.toEqual({
      kind: 'accepted',
      replayed: true,
    });
    expect(fetch.mock.calls[0][0]).toBe('http://127.0.0.1:1/v1/serials/receive');
    expect(new Set(calls.map((c) => (c.headers as Record<string, string>)['idempotency-key']))).toEqual(
      new Set(['K']),
    );
    expect(new Set(calls.map((c) => c.body))).toEqual(new Set(['{"a":1}']));
    expect((calls[0].headers as Record<string, string>).authorization).toBe('Bearer T');
  });

  it('gives up after the attempts allowed, saying that a rerun resumes', async () => {
    const { client } = clientAnswering(...[1, 2, 3].map(() => json(503, problem('STORE_UNAVAILABLE'))));
    await expect(client.sendCommand('/x', {}, 'K')).rejects.toThrow(/after 3 attempts.*rerun/);
  });

  it('stops at once on a refused token', async () => {
    const { client, fetch } = clientAnswering(json(401, problem('UNAUTHENTICATED')));
    await expect(client.sendCommand('/x', {}, 'K')).rejects.toBeInstanceOf(ImportFailedError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('ends with the abort reason, not a retry, when the import is stopped', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const fetch = jest.fn(async () => {
      controller.abort(reason);
      throw new DOMException('aborted', 'AbortError');
    });
    const client = new ApiClient({
      url: 'http://127.0.0.1:1',
      token: 'T',
      fetch,
      retry,
      signal: controller.signal,
    });
    await expect(client.sendCommand('/x', {}, 'K')).rejects.toBe(reason);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
