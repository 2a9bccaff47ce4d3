import type { lookup } from 'node:dns';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressPolicy, parseNetworks } from './address-policy';
import { WebhookSender } from './webhook-sender';

describe('WebhookSender (a real receiver on 127.0.0.1)', () => {
  let server: http.Server;
  let port: number;
  let handle: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  const loopback = new AddressPolicy(parseNetworks('127.0.0.1'));
  const sender = new WebhookSender(loopback, { connectMs: 500, totalMs: 300 });
  const send = (path = '/hook', using = sender) =>
    using.send({
      url: `http://127.0.0.1:${port}${path}`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

  beforeAll(async () => {
    server = http.createServer((request, response) => handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('takes a 2xx as delivered and anything else as a failure, with the answer in the error', async () => {
    handle = (_request, response) => response.writeHead(204).end();
    expect(await send()).toEqual({ ok: true, status: 204 });
    handle = (_request, response) => response.writeHead(500).end('database\n  is down');
    expect(await send()).toEqual({ ok: false, error: 'HTTP 500: database is down' });
  });

  it('never follows a redirect', async () => {
    handle = (_request, response) => response.writeHead(307, { location: 'http://169.254.169.254/' }).end();
    expect(await send()).toEqual({ ok: false, error: 'HTTP 307 (redirects are not followed)' });
  });

  it('gives up on a receiver that does not answer in time, and reads no more than it needs', async () => {
    handle = () => undefined;
    expect(await send()).toEqual({ ok: false, error: 'no answer within 300 ms' });
    handle = (_request, response) => {
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const more = () => {
        while (response.write(chunk));
        response.once('drain', more);
      };
      more();
    };
    expect(await send()).toEqual({ ok: true, status: 200 });
  });

  it('checks the addresses a name resolves to when connecting, not only IP literals', async () => {
    handle = (_request, response) => response.writeHead(204).end();
    const resolver = ((_name: string, _options: object, callback: (e: null, a: object[]) => void) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof lookup;
    const strict = new WebhookSender(new AddressPolicy([]), undefined, resolver);
    try {
      expect(await send('/hook', strict)).toEqual({
        ok: false,
        error: '127.0.0.1 is an internal address, and WEBHOOK_ALLOWED_NETWORKS does not allow it',
      });
      // A name passes the check at creation, and is refused once it resolves inside.
      const named = await strict.send({
        url: `http://erp.example.test:${port}/hook`,
        headers: {},
        body: '{}',
      });
      expect(named).toEqual({
        ok: false,
        error: expect.stringMatching(/^erp\.example\.test resolves to 127\.0\.0\.1 is an internal address/),
      });
    } finally {
      strict.close();
    }
  });
});
