import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  readonly id: string;
  readonly body: {
    webhookId: string;
    events: { position: string; type: string; data: Record<string, unknown> }[];
  };
}

export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * A webhook receiver on 127.0.0.1 that checks every request with standardwebhooks' `verify` (a bad
 * signature is a test failure, recorded in `forged`), and answers `status()` (500 for a while, 200, …).
 */
export async function startReceiver(secret: string, options: { delayMs?: number } = {}) {
  const verifier = new Webhook(secret);
  const accepted: Delivery[] = [];
  const refused: string[] = [];
  const forged: string[] = [];
  let status = () => 200;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = request.headers as Record<string, string>;
      let payload: Delivery['body'];
      try {
        payload = verifier.verify(body, headers) as Delivery['body'];
      } catch (error) {
        forged.push(String(error));
        response.writeHead(401).end();
        return;
      }
      const answer = status();
      setTimeout(() => {
        if (answer >= 200 && answer < 300) accepted.push({ id: headers['webhook-id'], body: payload });
        else refused.push(headers['webhook-id']);
        response
          .writeHead(answer, { 'content-type': 'text/plain' })
          .end(answer >= 300 ? 'receiver says no' : 'ok');
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    accepted,
    refused,
    forged,
    answer: (next: () => number) => (status = next),
    /** Every delivered event's position, in the order received. */
    positions: () => accepted.flatMap((delivery) => delivery.body.events.map((event) => event.position)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
