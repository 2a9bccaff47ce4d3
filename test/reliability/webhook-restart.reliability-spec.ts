import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '@serial/runtime';
import { eventually } from '../support/feed-clients';
import { killHard, startService, type ServiceProcess } from '../support/service-process';
import { LAPTOP, serials, TEST_SECRET } from '../support/test-app';
import { newSecret, startReceiver } from '../support/webhook-receiver';

const token = signToken(TEST_SECRET, { sub: 'ops-webhooks', roles: ['admin'] }, '1h');
const env = { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' };
const EVENTS = 2_000;

async function call(url: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/**
 * The real service is SIGKILLed while a slow receiver works through a backlog of deliveries, and
 * started again on the same data directory: delivery resumes after `deliveredPosition`, and the
 * receiver ends up with every event, in order (a batch answered just before the kill may come twice).
 */
describe('webhook deliveries across a restart (reliability)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-webhook-restart-'));
  let service: ServiceProcess | undefined;
  afterAll(async () => {
    if (service) await killHard(service);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes in the middle of a backlog, losing nothing and keeping the order', async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret, { delayMs: 60 });
    try {
      service = await startService(dataDir, { env });
      await call(service.url, 'POST', '/v1/products', LAPTOP);
      await call(service.url, 'POST', '/v1/webhooks', {
        id: 'erp',
        url: receiver.url,
        secret,
        types: ['SerialReceived'],
      });
      let last = '';
      for (let i = 0; i < EVENTS / 500; i++) {
        const answer = await call(service.url, 'POST', '/v1/serials/receive', {
          productId: LAPTOP.id,
          serialNumbers: serials(`R${i}`, 500),
          toLocationId: 'WH/Stock',
        });
        last = String(answer.position);
      }
      await eventually(() => receiver.accepted.length >= 3, 'the first deliveries', 30_000);
      await killHard(service);
      const beforeRestart = receiver.positions().length;
      expect(beforeRestart).toBeLessThan(EVENTS);

      service = await startService(dataDir, { env });
      await eventually(() => receiver.positions().at(-1) === last, 'the whole backlog', 60_000);
      const received = receiver.positions().map(BigInt);
      const unique = [...new Set(received)];
      expect(unique).toHaveLength(EVENTS);
      expect(unique.every((position, i) => i === 0 || position > unique[i - 1])).toBe(true);
      expect(receiver.forged).toEqual([]);
      const view = await call(service.url, 'GET', '/v1/webhooks/erp');
      expect(view).toMatchObject({ status: 'active', deliveredPosition: last });
      process.stdout.write(
        `webhook restart: ${beforeRestart} events delivered before the kill, ${received.length - unique.length} ` +
          `delivered twice after it, ${EVENTS} in all\n`,
      );
    } finally {
      await receiver.close();
    }
  });
});
