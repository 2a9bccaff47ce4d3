import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PRODUCT_ID, STOCK, type ApiClient } from './api-client';
import type { FigureSet } from './figures';
import { percentile, receiveDeliverLoad } from './load-scenarios';
import type { BenchOptions } from './options';

/** Open SSE connections for the throughput comparison (API.md: an instance serves at least 200). */
export const OPEN_FEEDS = 200;
const CATCH_UP_TIMEOUT_MS = 120_000;

/** A feed read as raw text; `onEvent` gets each event's position as it arrives. */
function openFeed(api: ApiClient, agent: http.Agent, query: string, onEvent?: (position: string) => void) {
  let rest = '';
  const request = http.get(`${api.baseUrl}/v1/feed${query}`, {
    agent,
    headers: { accept: 'text/event-stream', authorization: api.authorization },
  });
  const opened = new Promise<void>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      if (response.statusCode !== 200) reject(new Error(`GET /v1/feed: ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (!onEvent) return;
        const messages = (rest + chunk).split('\n\n');
        rest = messages.pop() ?? '';
        for (const message of messages)
          if (message.startsWith('id: ')) onEvent(message.slice(4, message.indexOf('\n')));
      });
      resolve();
    });
  });
  return { opened, close: () => request.destroy() };
}

/** A webhook receiver answering 204 at once, noting when each event arrived. */
async function startReceiver(onEvent: (position: string) => void) {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { events } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        events: { position: string }[];
      };
      for (const event of events) onEvent(event.position);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => server.close(),
  };
}

/** Receives one new serial per command at `rate` commands/s for `seconds`; when each position was answered. */
async function writeAtRate(api: ApiClient, rate: number, seconds: number, tag: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const answered = new Map<string, number>();
  let sent = 0;
  let inFlight = 0;
  const started = performance.now();
  const send = () =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        productId: PRODUCT_ID,
        serialNumbers: [`${tag}-I-${sent++}`],
        toLocationId: STOCK,
      });
      const request = http.request(`${api.baseUrl}/v1/serials/receive`, {
        method: 'POST',
        agent,
        headers: { authorization: api.authorization, 'content-type': 'application/json' },
      });
      request.once('error', reject);
      request.once('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.once('end', () => {
          if (response.statusCode !== 200)
            return reject(new Error(`receive under load: ${response.statusCode} ${text}`));
          answered.set((JSON.parse(text) as { position: string }).position, performance.now());
          resolve();
        });
      });
      request.end(body);
    });
  const pending = new Set<Promise<void>>();
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (sent < due && inFlight < 64) {
      inFlight += 1;
      const command: Promise<void> = send().finally(() => {
        inFlight -= 1;
        pending.delete(command);
      });
      pending.add(command);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(pending);
  agent.destroy();
  return { answered, perSecond: answered.size / ((performance.now() - started) / 1000) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${CATCH_UP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Milliseconds from each command's answer to its event's arrival (negative: the event came first). */
function delays(answered: ReadonlyMap<string, number>, arrived: ReadonlyMap<string, number>): number[] {
  return [...answered].map(([position, at]) => (arrived.get(position) ?? NaN) - at);
}

/**
 * The delay from a command's answer to its event at a feed client and at a webhook receiver while
 * `integrationRate` commands/s are written, then the command throughput (receive→deliver, autocannon)
 * with no feed open, with OPEN_FEEDS idle feeds (following a product nobody writes: the fan-out's
 * own cost) and with OPEN_FEEDS feeds following every event.
 */
export async function measureIntegrations(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
) {
  const atFeed = new Map<string, number>();
  const atWebhook = new Map<string, number>();
  const receiver = await startReceiver((position) => atWebhook.set(position, performance.now()));
  const agent = new http.Agent({ maxSockets: Infinity });
  const webhookId = `bench-${tag}`.toLowerCase();
  await api.request('POST', '/v1/webhooks', {
    id: webhookId,
    url: receiver.url,
    secret: `whsec_${randomBytes(32).toString('base64')}`,
    types: ['SerialReceived'],
  });
  const feed = openFeed(api, agent, '?types=SerialReceived', (position) =>
    atFeed.set(position, performance.now()),
  );
  await feed.opened;
  const written = await writeAtRate(api, options.integrationRate, options.loadSeconds, tag);
  const last = [...written.answered.keys()].reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
  await until(() => atFeed.has(last), 'the last event at the feed');
  await until(() => atWebhook.has(last), 'the last event at the webhook receiver');
  feed.close();
  receiver.close();
  await api.request('DELETE', `/v1/webhooks/${webhookId}`);
  const rate = `${options.integrationRate.toLocaleString('en-US')} commands/s asked`;
  figures.add(
    {
      key: 'integrationRate',
      label: `commands written for the delays (${rate})`,
      unit: '/s',
      better: 'higher',
    },
    written.perSecond,
  );
  for (const [key, label, arrived] of [
    ['feed', 'answer → event at a feed client', atFeed],
    ['webhook', 'answer → event at a webhook receiver', atWebhook],
  ] as const) {
    const measured = delays(written.answered, arrived);
    figures.add(
      { key: `${key}DelayP50`, label: `${label}, p50`, unit: 'ms', better: 'lower' },
      percentile(measured, 50),
    );
    figures.add(
      {
        key: `${key}DelayP99`,
        label: '  p99',
        unit: 'ms',
        better: 'lower',
        target: { op: '<=', value: 1000 },
      },
      percentile(measured, 99),
    );
  }

  // No feed before and after the two with feeds, averaged: a busy machine drifts during the runs.
  const before = await receiveDeliverLoad(api, options, `${tag}F0`);
  const idle = await withFeeds(api, agent, `?productId=NO-SUCH-PRODUCT`, () =>
    receiveDeliverLoad(api, options, `${tag}F1`),
  );
  const busy = await withFeeds(api, agent, '', () => receiveDeliverLoad(api, options, `${tag}F2`));
  const after = await receiveDeliverLoad(api, options, `${tag}F3`);
  const none = { perSecond: (before.perSecond + after.perSecond) / 2 };
  agent.destroy();
  const connections = `${options.loadConnections} connections`;
  figures.add(
    {
      key: 'feedsNone',
      label: `HTTP receive→deliver, ${connections}, no feed open (before and after)`,
      unit: '/s',
      better: 'higher',
    },
    none.perSecond,
  );
  figures.add(
    {
      key: 'feedsIdle',
      label: `  with ${OPEN_FEEDS} feeds open (other product), share`,
      unit: 'x',
      better: 'higher',
      target: { op: '>=', value: 0.9 },
    },
    idle.perSecond / none.perSecond,
  );
  figures.add(
    {
      key: 'feedsBusy',
      label: `  with ${OPEN_FEEDS} feeds following every event, share`,
      unit: 'x',
      better: 'higher',
    },
    busy.perSecond / none.perSecond,
  );
  await api.waitCaughtUp(5 * 60_000);
}

async function withFeeds<T>(
  api: ApiClient,
  agent: http.Agent,
  query: string,
  work: () => Promise<T>,
): Promise<T> {
  const feeds = Array.from({ length: OPEN_FEEDS }, () => openFeed(api, agent, query));
  try {
    await Promise.all(feeds.map((feed) => feed.opened));
    return await work();
  } finally {
    feeds.forEach((feed) => feed.close());
  }
}
