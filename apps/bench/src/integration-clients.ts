import * as http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PRODUCT_ID, STOCK, type ApiClient } from './api-client';
import type { BenchOptions } from './options';

const CATCH_UP_TIMEOUT_MS = 120_000;

/** A feed read as raw text; `onEvent` gets each event's position as it arrives. */
export function openFeed(
  api: ApiClient,
  agent: http.Agent,
  query: string,
  onEvent?: (position: string) => void,
) {
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
export async function startReceiver(onEvent: (position: string) => void) {
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
export async function writeAtRate(api: ApiClient, rate: number, seconds: number, tag: string) {
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

export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${CATCH_UP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Seconds of CPU (user + system) the process has used, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export async function withCpu(
  pid: number,
  options: BenchOptions,
  work: () => Promise<{ perSecond: number }>,
) {
  const cpuBefore = cpuSeconds(pid);
  const result = await work();
  const commands = result.perSecond * options.loadSeconds;
  return { perSecond: result.perSecond, cpuPerCommand: ((cpuSeconds(pid) - cpuBefore) * 1000) / commands };
}
