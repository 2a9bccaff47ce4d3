import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy';

export interface SenderTimeouts {
  /** Until the TCP connection stands. */
  readonly connectMs: number;
  /** Until the answer's status and (bounded) body have arrived: API.md's 10 s. */
  readonly totalMs: number;
}

export const DEFAULT_SENDER_TIMEOUTS: SenderTimeouts = { connectMs: 5_000, totalMs: 10_000 };
/** Enough of an answer to say why a receiver refused; the rest is cut off. */
const MAX_ANSWER_BYTES = 64 * 1024;
const ERROR_TEXT_CHARS = 200;

export type SendResult =
  { readonly ok: true; readonly status: number } | { readonly ok: false; readonly error: string };

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal?: AbortSignal;
}

/**
 * POSTs one delivery. Redirects are never followed (a 3xx is a failure: following one could lead to
 * another host, or an internal one); every address the host resolves to is checked against the policy
 * when connecting, so a DNS answer that changes after the webhook was created cannot reach inside.
 */
export class WebhookSender {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
  };

  constructor(
    private readonly policy: AddressPolicy,
    private readonly timeouts: SenderTimeouts = DEFAULT_SENDER_TIMEOUTS,
    /** The resolver; a seam for tests, which have no DNS names of their own. */
    private readonly resolve: typeof dnsLookup = dnsLookup,
  ) {}

  send(request: WebhookRequest): Promise<SendResult> {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0) {
      const refusal = this.policy.refusal(host);
      if (refusal !== undefined) return Promise.resolve({ ok: false, error: refusal });
    }
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    return new Promise<SendResult>((resolve) => {
      const settle = once(resolve);
      const client = protocol === 'https:' ? https : http;
      const outgoing = client.request(url, {
        method: 'POST',
        agent: this.agents[protocol],
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: this.checkedLookup(host),
        signal: AbortSignal.any([
          AbortSignal.timeout(this.timeouts.totalMs),
          ...(request.signal ? [request.signal] : []),
        ]),
      });
      outgoing.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(
          () => outgoing.destroy(new Error(`could not connect within ${this.timeouts.connectMs} ms`)),
          this.timeouts.connectMs,
        );
        socket.once('connect', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
      });
      outgoing.on('response', (answer) => {
        const status = answer.statusCode ?? 0;
        let text = '';
        let bytes = 0;
        answer.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (text.length < ERROR_TEXT_CHARS) text += chunk.toString('utf8');
          if (bytes > MAX_ANSWER_BYTES) answer.destroy();
        });
        const done = () => settle(outcome(status, text));
        answer.once('end', done).once('close', done);
      });
      outgoing.on('error', (error) => settle({ ok: false, error: errorText(error, this.timeouts.totalMs) }));
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private checkedLookup(host: string): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(
        hostname,
        { ...(options as LookupOptions), all: true },
        (error, addresses: LookupAddress[]) => {
          if (error) return callback(error, '', 0);
          // One internal address among the answers is enough to refuse: the client may pick any of them.
          const refusal = addresses
            .map(({ address }) => this.policy.refusal(address))
            .find((r) => r !== undefined);
          if (refusal !== undefined) return callback(new Error(`${host} resolves to ${refusal}`), '', 0);
          if ((options as LookupOptions).all)
            return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
          const [first] = addresses;
          return callback(null, first.address, first.family);
        },
      );
    };
  }
}

function outcome(status: number, text: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
  const answer = text.trim().replace(/\s+/g, ' ').slice(0, ERROR_TEXT_CHARS);
  return { ok: false, error: `HTTP ${status}${redirect}${answer ? `: ${answer}` : ''}` };
}

function errorText(error: Error, totalMs: number): string {
  const cause = (error as { cause?: { name?: string } }).cause;
  if (error.name === 'TimeoutError' || cause?.name === 'TimeoutError')
    return `no answer within ${totalMs} ms`;
  if (error.name === 'AbortError') return 'aborted';
  return error.message;
}

function once<T>(resolve: (value: T) => void): (value: T) => void {
  let settled = false;
  return (value) => {
    if (settled) return;
    settled = true;
    resolve(value);
  };
}
