import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '@serial/runtime';
import { runCheck } from '../../apps/cli/src/check';
import { runImport, type ImportSummary } from '../../apps/cli/src/run-import';
import { killHard, startService, type ServiceProcess } from '../support/service-process';
import { LAPTOP, serials, TEST_SECRET } from '../support/test-app';

/**
 * Crash safety (issue part 1): the real service as a child process, SIGKILLed before, during and
 * right after a 5,000-serial command, restarted on the same data directory. Each time: the request's
 * serials exist all or none, the retry with the same Idempotency-Key leaves every serial exactly
 * once, and the read models equal the event store (runCheck), before and after a rebuild.
 *
 * The key's outcome is committed with the command's events (idempotency.interceptor.ts), so the
 * retry answers 200 every time: a replay when the command had landed (also when the kill came before
 * its answer was recorded), its only run otherwise; never SERIAL_ALREADY_EXISTS or MOVEMENT_NOT_PENDING.
 * A key the kill left unanswered gets REQUEST_IN_PROGRESS until the dead process's lease (60 s) runs
 * out; the test ends the lease in events.sqlite instead of waiting.
 */

const SIZE = 5000;
const USER = 'ops-crash';
const token = signToken(TEST_SECRET, { sub: USER, roles: ['admin'] }, '2h');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

interface Answer {
  status: number;
  body: Record<string, unknown>;
  replayed: boolean;
}

/** Outcomes of every kill, printed at the end (the report's numbers). */
const outcomes: Record<string, unknown>[] = [];

async function call(
  url: string,
  method: string,
  route: string,
  body?: unknown,
  key?: string,
): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  const response = await fetch(`${url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    replayed: response.headers.get('idempotent-replayed') === 'true',
  };
}

/** How many SerialReceived each serial starting with `prefix` has in the event store. */
async function receivedCounts(url: string, prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let from = '0';
  for (let page = 0; page < 1000; page++) {
    const { status, body } = await call(url, 'GET', `/v1/audit/events?fromPosition=${from}&limit=1000`);
    expect(status).toBe(200);
    const items = body.items as { type: string; data: { serialNumber?: string } }[];
    if (items.length === 0) return counts;
    for (const { type, data } of items) {
      if (type !== 'SerialReceived' || !data.serialNumber?.startsWith(prefix)) continue;
      counts.set(data.serialNumber, (counts.get(data.serialNumber) ?? 0) + 1);
    }
    from = body.nextPosition as string;
  }
  throw new Error('more than 1,000 pages of events');
}

/** Waits (bounded) until every projection has caught up and no rebuild runs. */
async function caughtUp(url: string, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const { status, body } = await call(url, 'GET', '/v1/admin/projections');
    expect(status).toBe(200);
    const lags = body as unknown as { lag: number | string; rebuilding: boolean }[];
    if (lags.every((p) => Number(p.lag) === 0 && !p.rebuilding)) return;
    if (Date.now() - started > timeoutMs) throw new Error(`read models behind: ${JSON.stringify(lags)}`);
    await sleep(100);
  }
}

/** Every serial view, keyed, without the fields a rebuild may legitimately change. */
async function allSerials(url: string): Promise<Map<string, unknown>> {
  const views = new Map<string, unknown>();
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query: string = `/v1/serials?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, body } = await call(url, 'GET', query);
    expect(status).toBe(200);
    for (const view of body.items as Record<string, unknown>[]) {
      const { updatedAt: _updatedAt, ...rest } = view;
      views.set(`${view.productId}/${view.serialNumber}`, rest);
    }
    cursor = body.nextCursor as string | null;
    if (!cursor) return views;
  }
  throw new Error('more than 1,000 pages of serials');
}

async function expectConsistent(url: string): Promise<{ events: number; serials: number }> {
  await caughtUp(url);
  const report = await runCheck({ url, token });
  expect(report.differences.slice(0, 20)).toEqual([]);
  return { events: report.events, serials: report.serials };
}

/** Lets a key left in flight by a killed process be taken over now rather than after its lease. */
function expireInFlightKeys(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'events.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare("UPDATE idempotency_keys SET lease_expires_at = 0 WHERE state != 'done'").run().changes;
  } finally {
    db.close();
  }
}

/**
 * Retries a command with its first key, as a client would after the crash. Returns the final answer
 * and whether the key was first found in flight (the kill hit between claim and record).
 */
async function retry(
  service: ServiceProcess,
  dataDir: string,
  route: string,
  body: unknown,
  key: string,
): Promise<{ answer: Answer; foundInFlight: boolean }> {
  let answer = await call(service.url, 'POST', route, body, key);
  let foundInFlight = false;
  if (answer.status === 409 && answer.body.code === 'REQUEST_IN_PROGRESS') {
    foundInFlight = true;
    expect(expireInFlightKeys(dataDir)).toBe(1);
    answer = await call(service.url, 'POST', route, body, key);
  }
  return { answer, foundInFlight };
}

type Moment = { name: string; delayMs: number | 'after-response' };

describe('crash safety: SIGKILL around a 5,000-serial append (reliability, real process)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-crash-'));
  let service: ServiceProcess | undefined;
  let requestMs = 0;
  const started = Date.now();

  const restart = async () => {
    if (service) await killHard(service);
    service = await startService(dataDir);
    return service;
  };
  /** Sends the command, kills the service at the moment, restarts it on the same directory. */
  const killDuring = async (moment: Moment, send: (url: string) => Promise<Answer>) => {
    const running = service!;
    const sent = send(running.url).then(
      (answer) => ({ answer }),
      (error: Error) => ({ error }),
    );
    if (moment.delayMs === 'after-response') {
      const result = await sent;
      expect('answer' in result && result.answer.status).toBe(200);
    } else if (moment.delayMs > 0) await sleep(moment.delayMs);
    await killHard(running);
    const result = await sent;
    await restart();
    return 'answer' in result ? `answered ${result.answer.status}` : 'connection lost';
  };

  beforeAll(async () => {
    await restart();
    expect((await call(service!.url, 'POST', '/v1/products', LAPTOP)).status).toBe(201);
    // The normal duration of the request, which the kill delays are fractions of.
    const durations: number[] = [];
    for (const prefix of ['WARM1', 'WARM2']) {
      const before = performance.now();
      const body = { productId: 'LAPTOP', serialNumbers: serials(prefix, SIZE), toLocationId: 'WH/Stock' };
      expect((await call(service!.url, 'POST', '/v1/serials/receive', body, `warm-${prefix}`)).status).toBe(
        200,
      );
      durations.push(performance.now() - before);
    }
    requestMs = Math.min(...durations);
  }, 120_000);

  afterAll(async () => {
    if (service) await killHard(service);
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(
      `crash-safety outcomes (receive of ${SIZE} took ~${Math.round(requestMs)} ms; ` +
        `total ${Math.round((Date.now() - started) / 1000)} s):\n${outcomes.map((o) => JSON.stringify(o)).join('\n')}`,
    );
  });

  /**
   * After the keyed retry: a replay only for a command that landed, a fresh execution
   * only for one the kill lost; then every serial exactly once and the stores consistent.
   */
  const expectExactlyOnce = async (
    run: { command: string; moment: Moment; client: unknown; foundInFlight: unknown; retried: string },
    prefix: string,
    afterRestart: Map<string, number>,
  ) => {
    const { command, moment, client, foundInFlight, retried } = run;
    if (retried === 'executed') expect(afterRestart.size).toBe(0);
    if (retried !== 'executed') expect(afterRestart.size).toBe(SIZE);

    const final = await receivedCounts(service!.url, prefix);
    expect(final.size).toBe(SIZE);
    expect([...final.values()].every((n) => n === 1)).toBe(true);
    const check = await expectConsistent(service!.url);
    outcomes.push({
      command,
      moment: moment.name,
      delayMs: moment.delayMs,
      client,
      foundAfterRestart: afterRestart.size === 0 ? 'none' : 'all',
      keyInFlight: foundInFlight,
      retry: retried,
      ...check,
    });
  };

  const moments = (): Moment[] => [
    { name: 'before (0 ms)', delayMs: 0 },
    { name: 'during 10%', delayMs: Math.round(requestMs * 0.1) },
    { name: 'during 50%', delayMs: Math.round(requestMs * 0.5) },
    { name: 'during 90%', delayMs: Math.round(requestMs * 0.9) },
    { name: 'right after the response', delayMs: 'after-response' },
  ];

  it('receive: all or none after each kill, exactly once after the keyed retry', async () => {
    for (const [index, moment] of moments().entries()) {
      const prefix = `RCV${index}`;
      const body = { productId: 'LAPTOP', serialNumbers: serials(prefix, SIZE), toLocationId: 'WH/Stock' };
      const key = `crash-receive-${index}`;
      const client = await killDuring(moment, (url) => call(url, 'POST', '/v1/serials/receive', body, key));

      const afterRestart = await receivedCounts(service!.url, prefix);
      expect([0, SIZE]).toContain(afterRestart.size);
      expect([...afterRestart.values()].every((n) => n === 1)).toBe(true);

      const { answer, foundInFlight } = await retry(service!, dataDir, '/v1/serials/receive', body, key);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 200, code: undefined });
      const retried = answer.replayed ? 'replay' : 'executed';
      await expectExactlyOnce(
        { command: 'receive', moment, client, foundInFlight, retried },
        prefix,
        afterRestart,
      );
    }
  }, 300_000);

  it('movement validation: all or none with the document, exactly once after the keyed retry', async () => {
    const createMovement = async (id: string, prefix: string) => {
      const url = service!.url;
      const created = await call(url, 'POST', '/v1/movements', {
        id,
        type: 'receipt',
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
        reference: id,
        lines: [{ productId: 'LAPTOP', quantity: SIZE }],
      });
      expect(created.status).toBe(201);
      const assigned = await call(url, 'PUT', `/v1/movements/${encodeURIComponent(id)}/lines/0/serials`, {
        serialNumbers: serials(prefix, SIZE),
      });
      expect(assigned.status).toBe(200);
    };
    const validateRoute = (id: string) => `/v1/movements/${encodeURIComponent(id)}/validate`;

    await createMovement('IN/WARM', 'MWARM');
    const before = performance.now();
    expect((await call(service!.url, 'POST', validateRoute('IN/WARM'), undefined, 'warm-mv')).status).toBe(
      200,
    );
    const validateMs = performance.now() - before;

    const delays: Moment[] = [
      { name: 'before (0 ms)', delayMs: 0 },
      { name: 'during 10%', delayMs: Math.round(validateMs * 0.1) },
      { name: 'during 50%', delayMs: Math.round(validateMs * 0.5) },
      { name: 'during 90%', delayMs: Math.round(validateMs * 0.9) },
    ];
    for (const [index, moment] of delays.entries()) {
      const id = `IN/CRASH/${index}`;
      const prefix = `MV${index}`;
      const key = `crash-validate-${index}`;
      await createMovement(id, prefix);
      const client = await killDuring(moment, (url) => call(url, 'POST', validateRoute(id), undefined, key));

      const afterRestart = await receivedCounts(service!.url, prefix);
      expect([0, SIZE]).toContain(afterRestart.size);
      await caughtUp(service!.url);
      const document = await call(service!.url, 'GET', `/v1/movements/${encodeURIComponent(id)}`);
      expect(document.body.status).toBe(afterRestart.size === SIZE ? 'done' : 'pending');

      const { answer, foundInFlight } = await retry(service!, dataDir, validateRoute(id), undefined, key);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 200, code: undefined });
      const retried = answer.replayed ? 'replay' : 'executed';
      await expectExactlyOnce(
        { command: 'movement validate', moment, client, foundInFlight, retried },
        prefix,
        afterRestart,
      );
    }
  }, 300_000);

  it('CSV import: the service killed mid-batch, a rerun imports every row exactly once', async () => {
    const rows = 4 * SIZE;
    const csvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-crash-csv-'));
    const file = path.join(csvDir, 'bill.csv');
    const stateFile = path.join(csvDir, 'bill.csv.receive-state.jsonl');
    fs.writeFileSync(
      file,
      `product,serial,location,reference\n${serials('CSV', rows)
        .map((s) => `LAPTOP,${s},WH/Stock,BILL-CSV`)
        .join('\n')}\n`,
    );
    const clerk = signToken(TEST_SECRET, { sub: 'clerk-csv', roles: ['operator'] }, '2h');
    const options = {
      file,
      mode: 'receive' as const,
      token: clerk,
      batchSize: SIZE,
      retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
      requestTimeoutMs: 60_000,
    };
    const batchesDone = () =>
      fs.existsSync(stateFile) ? fs.readFileSync(stateFile, 'utf8').split('\n').length - 2 : 0;
    try {
      const first = runImport({ ...options, url: service!.url }).then(
        (summary) => ({ summary }),
        (error: Error) => ({ error }),
      );
      // Mid-batch: the first batch is done, the second is on its way.
      for (const t0 = Date.now(); batchesDone() < 1 && Date.now() - t0 < 120_000;) await sleep(5);
      await sleep(Math.round(requestMs * 0.5));
      const doneAtKill = batchesDone();
      await killHard(service!);
      const interrupted = await Promise.race([
        first,
        sleep(60_000).then(() => ({ error: new Error('hung') })),
      ]);
      expect('error' in interrupted).toBe(true);
      const inFlight = expireInFlightKeys(dataDir);
      await restart();

      const afterRestart = await receivedCounts(service!.url, 'CSV');
      expect(afterRestart.size % SIZE).toBe(0);
      const summary: ImportSummary = await runImport({ ...options, url: service!.url });
      const final = await receivedCounts(service!.url, 'CSV');
      expect(final.size).toBe(rows);
      expect([...final.values()].every((n) => n === 1)).toBe(true);
      expect(summary.imported + summary.rejected).toBe(rows);
      if (summary.rejected > 0) {
        const rejected = fs.readFileSync(summary.rejectedFile, 'utf8');
        expect(rejected).toContain('SERIAL_ALREADY_EXISTS');
        // Only the batch whose record the kill lost can be refused, as a whole.
        expect(summary.rejected).toBe(SIZE);
        expect(inFlight).toBe(1);
      }
      const check = await expectConsistent(service!.url);
      outcomes.push({
        command: 'csv import (4 x 5,000)',
        batchesDoneAtKill: doneAtKill,
        firstRun: (interrupted as { error: Error }).error.message.slice(0, 120),
        batchesInStoreAfterRestart: afterRestart.size / SIZE,
        keyInFlight: inFlight > 0,
        rerun: {
          imported: summary.imported,
          rejected: summary.rejected,
          batchesSent: summary.batchesSent,
          batchesResumed: summary.batchesResumed,
          batchesReplayed: summary.batchesReplayed,
        },
        ...check,
      });
    } finally {
      fs.rmSync(csvDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('a rebuild from position 0 gives the same read models, still equal to the events', async () => {
    const url = service!.url;
    await caughtUp(url);
    const before = await allSerials(url);
    const rebuild = await call(url, 'POST', '/v1/admin/projections/rebuild', undefined, undefined);
    expect(rebuild.status).toBe(202);
    await sleep(200);
    await caughtUp(url, 180_000);
    const after = await allSerials(url);
    expect(after.size).toBe(before.size);
    const changed = [...before].filter(
      ([id, view]) => JSON.stringify(after.get(id)) !== JSON.stringify(view),
    );
    expect(changed.slice(0, 5)).toEqual([]);
    const check = await expectConsistent(url);
    outcomes.push({ command: 'rebuild', serialViews: after.size, ...check });
  }, 240_000);
});
