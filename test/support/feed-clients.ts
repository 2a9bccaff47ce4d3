import { EventSource } from 'eventsource';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { signToken, type Role } from '@serial/runtime';
import { TEST_SECRET } from './test-app';

export interface FeedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: { position: string; type: string; streamId: string; data: Record<string, unknown> };
}

export async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

export const bearer = (roles: Role[] = ['integration']) =>
  `Bearer ${signToken(TEST_SECRET, { sub: 'erp-sync', roles }, '1h')}`;

/**
 * A real EventSource (the `eventsource` package) on the feed, collecting every event; it reconnects by
 * itself with Last-Event-ID. `lastEventId` plays a client that saved its place before a restart.
 */
export function follow(url: string, options: { lastEventId?: string; roles?: Role[] } = {}) {
  const events: FeedEvent[] = [];
  let opens = 0;
  const source = new EventSource(url, {
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          Authorization: bearer(options.roles),
          ...(options.lastEventId !== undefined && opens === 0
            ? { 'Last-Event-ID': options.lastEventId }
            : {}),
        },
      }),
  });
  source.addEventListener('open', () => (opens += 1));
  const onMessage = (message: MessageEvent) =>
    events.push({ id: message.lastEventId, type: message.type, data: JSON.parse(message.data as string) });
  return {
    events,
    source,
    opens: () => opens,
    on: (type: string) =>
      source.addEventListener(type, (event) => onMessage(event as unknown as MessageEvent)),
    close: () => source.close(),
  };
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A plain HTTP request on the feed, the raw stream as text. */
export function rawFeed(url: string, agent: http.Agent) {
  let text = '';
  let ended = false;
  const request = http.get(url, { agent, headers: { accept: 'text/event-stream', authorization: bearer() } });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', (answer) => {
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (text += chunk));
      answer.once('end', () => (ended = true));
      answer.once('close', () => (ended = true));
      resolve(answer);
    });
    request.once('error', reject);
  });
  return { response, text: () => text, ended: () => ended, close: () => request.destroy() };
}
