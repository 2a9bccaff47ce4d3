import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '@serial/runtime';
import { runCheck } from '../../apps/cli/src/check';
import { killHard, startService, type ServiceProcess } from '../support/service-process';
import { LAPTOP, TEST_SECRET } from '../support/test-app';

/**
 * The embedded default's backup (API.md "Operations"): `cli backup` copies the data directory while a
 * bounded write loop keeps the service busy; a second instance started on the copy holds every command
 * acknowledged before the backup began, whole, with hash chains that verify and read models equal to a
 * replay of the copy's events.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const token = signToken(TEST_SECRET, { sub: 'ops-backup', roles: ['admin'] }, '1h');
const LOOP_LIMIT_MS = 20_000;
const MAX_COMMANDS = 2_000;

interface Acknowledged {
  readonly serialNumber: string;
  readonly position: bigint;
  readonly at: number;
}

async function call(url: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/cli/src/main.ts',
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Receive, then deliver every other serial: single-serial commands, one after another, until told to stop. */
async function writeLoop(url: string, stop: () => boolean, acknowledged: Acknowledged[]): Promise<void> {
  const deadline = Date.now() + LOOP_LIMIT_MS;
  for (let i = 0; i < MAX_COMMANDS && !stop() && Date.now() < deadline; i++) {
    const serialNumber = `BK-${String(i).padStart(5, '0')}`;
    const serial = { productId: 'LAPTOP', serialNumbers: [serialNumber] };
    const received = await call(url, 'POST', '/v1/serials/receive', { ...serial, toLocationId: 'WH/Stock' });
    expect(received.status).toBe(200);
    let position = BigInt(received.body.position as string);
    if (i % 2 === 1) {
      const delivered = await call(url, 'POST', '/v1/serials/deliver', {
        ...serial,
        fromLocationId: 'WH/Stock',
        customerId: 'CUST-42',
      });
      expect(delivered.status).toBe(200);
      position = BigInt(delivered.body.position as string);
    }
    acknowledged.push({ serialNumber, position, at: Date.now() });
  }
}

describe('backup of the embedded default (reliability)', () => {
  let source: string;
  let target: string;
  let service: ServiceProcess | undefined;
  let restored: ServiceProcess | undefined;

  beforeAll(() => {
    source = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-backup-source-'));
    target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'serial-backup-target-')), 'copy');
  });
  afterAll(async () => {
    for (const running of [service, restored]) if (running) await killHard(running);
    fs.rmSync(source, { recursive: true, force: true });
    fs.rmSync(path.dirname(target), { recursive: true, force: true });
  });

  it('copies while the service writes; a second instance on the copy serves everything acknowledged before', async () => {
    service = await startService(source);
    expect((await call(service.url, 'POST', '/v1/products', LAPTOP)).status).toBe(201);
    const acknowledged: Acknowledged[] = [];
    let stopped = false;
    const loop = writeLoop(service.url, () => stopped, acknowledged);
    while (acknowledged.length < 100) await new Promise((resolve) => setTimeout(resolve, 50));

    const began = Date.now();
    const before = acknowledged.filter((command) => command.at < began);
    const backup = await runCli(['backup', '--data-dir', source, target]);
    const afterBackup = acknowledged.length;
    stopped = true;
    await loop;

    expect(backup).toMatchObject({ code: 0 });
    expect(backup.output).toContain(`Backed up ${source} into ${target}`);
    expect(afterBackup).toBeGreaterThan(before.length);
    expect(fs.statSync(target).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(target, 'events.sqlite')).mode & 0o777).toBe(0o600);
    await killHard(service);
    service = undefined;

    restored = await startService(target);
    const events = await allEvents(restored.url);
    const head = events.length === 0 ? 0n : BigInt(events[events.length - 1].position);
    for (const command of before) {
      expect(head).toBeGreaterThanOrEqual(command.position);
      const own = events.filter(
        (event) => event.streamId.startsWith('serial-') && event.data.serialNumber === command.serialNumber,
      );
      // Whole: a delivered serial has its receipt and its delivery, with the warranty the delivery started.
      const delivered = Number(command.serialNumber.slice(3)) % 2 === 1;
      expect(own.map((event) => event.type).slice(0, delivered ? 2 : 1)).toEqual(
        delivered ? ['SerialReceived', 'SerialDelivered'] : ['SerialReceived'],
      );
      if (delivered)
        expect(own[1].data.warranty).toEqual(expect.objectContaining({ startsAt: expect.any(String) }));
    }
    for (const command of before.filter((_, index) => index % 10 === 0)) {
      const verified = await call(
        restored.url,
        'GET',
        `/v1/products/LAPTOP/serials/${command.serialNumber}/verify`,
      );
      expect(verified.body).toMatchObject({ valid: true });
    }
    const report = await runCheck({ url: restored.url, token });
    expect(report.differences).toEqual([]);
    expect(report.serials).toBeGreaterThanOrEqual(before.length);
  });
});

async function allEvents(url: string) {
  const events: { position: string; streamId: string; type: string; data: Record<string, unknown> }[] = [];
  let from = '0';
  for (let page = 0; page < 100; page++) {
    const { body } = await call(url, 'GET', `/v1/audit/events?fromPosition=${from}&limit=1000`);
    const items = body.items as typeof events;
    if (items.length === 0) return events;
    events.push(...items);
    from = body.nextPosition as string;
  }
  throw new Error('more than 100 pages of events');
}
