import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { ApiClient } from './api-client';
import { openFeed, startReceiver, until, withCpu, writeAtRate } from './integration-clients';
import type { FigureSet } from './figures';
import { percentile, receiveDeliverLoad } from './load-scenarios';
import type { BenchOptions } from './options';

/** Open SSE connections for the throughput comparison (API.md: an instance serves at least 200). */
export const OPEN_FEEDS = 200;

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
  pid: number,
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
  const load = (suffix: string) =>
    withCpu(pid, options, () => receiveDeliverLoad(api, options, `${tag}${suffix}`));
  const before = await load('F0');
  const idle = await withFeeds(api, agent, `?productId=NO-SUCH-PRODUCT`, () => load('F1'));
  const busy = await withFeeds(api, agent, '', () => load('F2'));
  const after = await load('F3');
  const none = {
    perSecond: (before.perSecond + after.perSecond) / 2,
    cpuPerCommand: (before.cpuPerCommand + after.cpuPerCommand) / 2,
  };
  agent.destroy();
  const connections = `${options.loadConnections} connections`;
  figures.add(
    {
      key: 'feedsNone',
      label: `HTTP receive→deliver, ${connections}, no feed open (before and after)`,
      unit: '/s',
      better: 'higher',
      http: true,
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
  // CPU per command resists a machine shared with other work better than commands/s does.
  figures.add(
    { key: 'cpuNone', label: '  service CPU per command, no feed open', unit: 'ms', better: 'lower' },
    none.cpuPerCommand,
  );
  figures.add(
    {
      key: 'cpuIdle',
      label: `  ... with ${OPEN_FEEDS} idle feeds, relative`,
      unit: 'x',
      better: 'lower',
      target: { op: '<=', value: 1.1 },
    },
    idle.cpuPerCommand / none.cpuPerCommand,
  );
  figures.add(
    {
      key: 'cpuBusy',
      label: `  ... with ${OPEN_FEEDS} feeds of every event, relative`,
      unit: 'x',
      better: 'lower',
    },
    busy.cpuPerCommand / none.cpuPerCommand,
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
