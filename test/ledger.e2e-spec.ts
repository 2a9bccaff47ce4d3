import { spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkTreeHead,
  eventLeafHash,
  verifyConsistency,
  verifyInclusion,
  type SignedTreeHead,
} from '@serial/event-store';
import { referenceRoot } from '@serial/event-store/testing/merkle-trees';
import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

interface AuditItem {
  position: string;
  metadata: { hash: string };
}

const ROOT = path.join(__dirname, '..');

/** The CLI as an auditor runs it: through the package script, or the same entry point with node. */
function cli(
  via: 'npm' | 'node',
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, prefix] =
    via === 'npm'
      ? ['npm', ['run', '--silent', 'cli', '--']]
      : [
          process.execPath,
          ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts'],
        ];
  const child = spawn(command, [...prefix, 'verify-ledger', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const bytes = (hashes: string[]) => hashes.map((hash) => Buffer.from(hash, 'hex'));

describe('the signed ledger and the event export (e2e)', () => {
  let t: TestApp;
  const auditor = () => t.as(['auditor'], 'auditor-eva');
  const operator = () => t.as(['operator']);
  const receive = (first: string, count: number) =>
    operator()
      .post('/v1/serials/receive', { productId: 'LAPTOP', range: { first, count }, toLocationId: 'WH/Stock' })
      .expect(200);
  const head = async (minPosition?: string): Promise<SignedTreeHead> => {
    const request = auditor().get('/v1/audit/ledger');
    if (minPosition) request.set('X-Min-Position', minPosition);
    return (await request.expect(200)).body;
  };
  const allEvents = async (): Promise<AuditItem[]> =>
    (await auditor().get('/v1/audit/events?limit=1000').expect(200)).body.items;
  const leaves = (events: AuditItem[]) => events.map((event) => eventLeafHash(event.metadata.hash));

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await receive('LG-001', 10);
  });
  afterAll(() => t?.close());

  it('serves a head over every event, signed by the key it publishes, which lives 0600 in the data directory', async () => {
    const { body: position } = await receive('LG-101', 3);
    const signed = await head(position.position);
    const events = await allEvents();
    const { body: key } = await auditor().get('/v1/audit/ledger/key').expect(200);

    expect(signed).toEqual({
      treeSize: events.length,
      rootHash: referenceRoot(leaves(events)).toString('hex'),
      lastPosition: position.position,
      signedAt: expect.any(String),
      keyId: key.keyId,
      signature: expect.any(String),
    });
    expect(checkTreeHead(signed, createPublicKey(key.publicKey))).toBe('valid');
    expect(await head()).toEqual(signed);
    const file = path.join(t.dataDir, 'audit-signing-key.pem');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await t.as(['reporter']).get('/v1/audit/ledger').expect(403);
  });

  it('proves an event in the tree, and refuses a position no event has or a size that does not hold it', async () => {
    const signed = await head();
    const events = await allEvents();
    const [index, event] = [4, events[4]];

    const { body } = await auditor()
      .get(`/v1/audit/ledger/inclusion?position=${event.position}&treeSize=${signed.treeSize}`)
      .expect(200);
    expect(body).toEqual({ leafIndex: index, treeSize: signed.treeSize, auditPath: expect.any(Array) });
    const root = Buffer.from(signed.rootHash, 'hex');
    expect(verifyInclusion(index, signed.treeSize, leaves(events)[index], bytes(body.auditPath), root)).toBe(
      true,
    );

    const codeOf = async (query: string, status: number) =>
      (await auditor().get(`/v1/audit/ledger/inclusion?${query}`).expect(status)).body.code;
    expect(await codeOf('position=999999', 404)).toBe('NOT_FOUND');
    expect(await codeOf(`position=${event.position}&treeSize=${signed.treeSize + 1}`, 400)).toBe(
      'VALIDATION_FAILED',
    );
    expect(await codeOf(`position=${event.position}&treeSize=${index}`, 400)).toBe('VALIDATION_FAILED');
    expect(await codeOf('treeSize=3', 400)).toBe('VALIDATION_FAILED');
  });

  it('proves that a later head extends an earlier one', async () => {
    const earlier = await head();
    const { body } = await receive('LG-201', 4);
    const later = await head(body.position);

    const { body: proof } = await auditor()
      .get(`/v1/audit/ledger/consistency?fromSize=${earlier.treeSize}&toSize=${later.treeSize}`)
      .expect(200);
    const [from, to] = [earlier, later].map((h) => Buffer.from(h.rootHash, 'hex'));
    expect(verifyConsistency(earlier.treeSize, later.treeSize, bytes(proof.proof), from, to)).toBe(true);
    await auditor()
      .get(`/v1/audit/ledger/consistency?fromSize=${later.treeSize}&toSize=${earlier.treeSize}`)
      .expect(400);
    await auditor()
      .get(`/v1/audit/ledger/consistency?fromSize=1&toSize=${later.treeSize + 1}`)
      .expect(400);
  });

  it('exports the events as NDJSON, one /v1/audit/events item per line, within the positions asked for', async () => {
    const events = await allEvents();
    const whole = await auditor().get('/v1/audit/export').buffer(true).expect(200);
    expect(whole.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(lines(whole.text)).toEqual(events);

    const part = await auditor().get('/v1/audit/export?fromPosition=3&toPosition=5').buffer(true);
    expect(lines(part.text).map((event) => event.position)).toEqual(['3', '4', '5']);
    await auditor().get('/v1/audit/export?fromPosition=5&toPosition=3').expect(400);
    await t.as(['reporter']).get('/v1/audit/export').expect(403);
  });

  it('is verified offline by npm run cli -- verify-ledger: exit 0 when all holds, 3 for a difference, 1 for a bad file', async () => {
    const file = (name: string, content: string) => {
      fs.writeFileSync(path.join(t.dataDir, name), content);
      return path.join(t.dataDir, name);
    };
    const exported = (await auditor().get('/v1/audit/export').buffer(true).expect(200)).text;
    const headFile = file('head.json', JSON.stringify(await head()));
    const keyFile = file(
      'key.json',
      JSON.stringify((await auditor().get('/v1/audit/ledger/key').expect(200)).body),
    );
    const all = file('export.ndjson', exported);
    const truncated = file('truncated.ndjson', exported.split('\n').slice(0, -3).join('\n'));

    const ok = await cli('npm', [all, '--head', headFile, '--key', keyFile]);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringContaining("The head's signature is valid") });
    const differs = await cli('node', [truncated, '--head', headFile, '--key', keyFile]);
    expect(differs).toMatchObject({ code: 3, stdout: expect.stringContaining('events were removed') });
    const bad = await cli('node', [all, '--head', all]);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('is not JSON') });
  });

  it('rebuilds the tree with the read models, to the same head', async () => {
    const before = await head();
    await t.as(['admin']).post('/v1/admin/projections/rebuild').expect(202);
    const rebuilding = async () =>
      (await t.as(['admin']).get('/v1/admin/projections').expect(200)).body.some(
        (p: { rebuilding: boolean }) => p.rebuilding,
      );
    for (let i = 0; i < 200 && (await rebuilding()); i++)
      await new Promise((resolve) => setTimeout(resolve, 25));

    expect(await head()).toMatchObject({ treeSize: before.treeSize, rootHash: before.rootHash });
  });
});

const lines = (body: string): AuditItem[] =>
  body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditItem);
