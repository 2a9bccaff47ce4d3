import Database from 'better-sqlite3';
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyLedger, type LedgerReport } from '../apps/cli/src/verify-ledger';
import { chainEvents, GENESIS_HASH, verifyConsistency, type SignedTreeHead } from '@serial/event-store';
import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

const EVENTS_FILE = 'events.sqlite';
const KEY_FILE = 'audit-signing-key.pem';
/** Each receives three serials and delivers them (receipt, delivery, warranty: three events each). */
const SERIALS = ['T-1', 'T-2', 'T-3', 'T-4'];
const streamOf = (serial: string) => `serial-LAPTOP:${serial}`;

interface EventRow {
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

type Tamper = (db: Database.Database) => void;
type Verdict = 'invalid' | 'valid' | 'gone';

/**
 * The ways to rewrite history an auditor must see; what the stream's own /verify says of each, and
 * whether the ledger sees it. An altered event keeps its stored hash, which is all its leaf covers:
 * its own hash check (/verify, verify-ledger) catches it. The others leave every chain intact, and
 * only the ledger sees them.
 */
const TAMPERING: [name: string, tamper: Tamper, serial: string, verify: Verdict, ledger: boolean][] = [
  ['alter an event', alterEvent('T-1'), 'T-1', 'invalid', false],
  ["remove a stream's last event", removeEvents('T-2', 'AND revision = 1'), 'T-2', 'valid', true],
  ['remove a whole stream', removeEvents('T-3', ''), 'T-3', 'gone', true],
  ['swap two events of different streams', swapFirstEventsOf('T-3', 'T-4'), 'T-4', 'valid', true],
  ['rewrite a stream with a correct chain of its own', rewriteStream('T-4'), 'T-4', 'valid', true],
];

describe('tampering with a copy of the event store (e2e)', () => {
  let original: TestApp;
  let savedHead: SignedTreeHead;
  let key: KeyObject;
  let exported: string;
  const copies: string[] = [];

  beforeAll(async () => {
    original = await startTestApp();
    await original.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    const operator = original.as(['operator']);
    await operator
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: SERIALS, toLocationId: 'WH/Stock' })
      .expect(200);
    for (const serial of SERIALS) {
      await operator
        .post('/v1/serials/deliver', {
          productId: 'LAPTOP',
          serialNumbers: [serial],
          fromLocationId: 'WH/Stock',
          customerId: 'C1',
        })
        .expect(200);
    }
    const auditor = original.as(['auditor']);
    savedHead = (await auditor.get('/v1/audit/ledger').expect(200)).body;
    key = createPublicKey((await auditor.get('/v1/audit/ledger/key').expect(200)).body.publicKey);
    exported = path.join(original.dataDir, 'export.ndjson');
    fs.writeFileSync(exported, (await auditor.get('/v1/audit/export').buffer(true).expect(200)).text);
    await original.close({ keepData: true });
  });

  afterAll(() => {
    for (const directory of [original.dataDir, ...copies])
      fs.rmSync(directory, { recursive: true, force: true });
  });

  it('verifies the untouched export against the saved head', async () => {
    // Every event of the store, each a line of the export.
    expect(savedHead.treeSize).toBe(fs.readFileSync(exported, 'utf8').trim().split('\n').length);
    expect(await verifyLedger({ file: exported, head: savedHead, publicKey: key })).toMatchObject({
      events: savedHead.treeSize,
      signature: 'valid',
      difference: null,
    });
  });

  it.each(TAMPERING)(
    'sees the store tampered with to %s, live and offline',
    async (_name, tamper, serial, verify, ledger) => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-tampered-'));
      copies.push(copy);
      for (const file of [EVENTS_FILE, KEY_FILE])
        fs.copyFileSync(path.join(original.dataDir, file), path.join(copy, file));
      const db = new Database(path.join(copy, EVENTS_FILE));
      db.defaultSafeIntegers(true);
      db.transaction(() => tamper(db))();
      const headPosition = String(db.prepare('SELECT MAX(position) FROM events').pluck().get());
      db.close();

      // The server, still holding its signing key, rebuilds its ledger from what the store now says.
      const tampered = await startTestApp({}, copy);
      try {
        const auditor = tampered.as(['auditor']);
        const stream = await auditor.get(`/v1/products/LAPTOP/serials/${serial}/verify`);
        expect(stream.status === 404 ? 'gone' : stream.body.valid ? 'valid' : 'invalid').toBe(verify);

        const { body: now } = await auditor
          .get('/v1/audit/ledger')
          .set('X-Min-Position', headPosition)
          .expect(200);
        expect(ledgerSeesIt(savedHead, now, await consistencyProof(tampered, savedHead, now))).toBe(ledger);
        expect(verify !== 'valid' || ledger).toBe(true);

        const file = path.join(copy, 'export.ndjson');
        fs.writeFileSync(file, (await auditor.get('/v1/audit/export').buffer(true).expect(200)).text);
        const report: LedgerReport = await verifyLedger({ file, head: savedHead, publicKey: key });
        expect(report.signature).toBe('valid');
        expect(report.difference).toEqual(expect.objectContaining({ message: expect.any(String) }));
      } finally {
        await tampered.close({ keepData: true });
      }
    },
  );
});

/** A later head that is smaller, or that no consistency proof links to the saved one, shows a rewrite. */
function ledgerSeesIt(saved: SignedTreeHead, now: SignedTreeHead, proof: string[] | null): boolean {
  if (now.treeSize < saved.treeSize || proof === null) return true;
  const roots = [saved, now].map((head) => Buffer.from(head.rootHash, 'hex'));
  const hashes = proof.map((hash) => Buffer.from(hash, 'hex'));
  return !verifyConsistency(saved.treeSize, now.treeSize, hashes, roots[0], roots[1]);
}

async function consistencyProof(
  t: TestApp,
  saved: SignedTreeHead,
  now: SignedTreeHead,
): Promise<string[] | null> {
  if (now.treeSize < saved.treeSize) return null;
  const url = `/v1/audit/ledger/consistency?fromSize=${saved.treeSize}&toSize=${now.treeSize}`;
  return (await t.as(['auditor']).get(url).expect(200)).body.proof;
}

function alterEvent(serial: string): Tamper {
  return (db) => {
    const sql =
      "UPDATE events SET data = json_set(data, '$.customerId', 'C-FRAUD') WHERE stream_id = ? AND revision = 1";
    db.prepare(sql).run(streamOf(serial));
  };
}

function removeEvents(serial: string, which: string): Tamper {
  return (db) => void db.prepare(`DELETE FROM events WHERE stream_id = ? ${which}`).run(streamOf(serial));
}

/** Exchanges the global places of two streams' first events; each stream keeps its own order. */
function swapFirstEventsOf(first: string, second: string): Tamper {
  return (db) => {
    const read = db.prepare<[string], EventRow>('SELECT * FROM events WHERE stream_id = ? AND revision = 0');
    const [a, b] = [read.get(streamOf(first)), read.get(streamOf(second))] as EventRow[];
    const write = db.prepare(
      'UPDATE events SET event_id = ?, stream_id = ?, revision = ?, type = ?, data = ?, metadata = ?, recorded_at = ? WHERE position = ?',
    );
    const values = (row: EventRow) => [
      row.event_id,
      row.stream_id,
      row.revision,
      row.type,
      row.data,
      row.metadata,
      row.recorded_at,
    ];
    write.run('swapping', 'swapping', -1, a.type, a.data, a.metadata, a.recorded_at, a.position);
    write.run(...values(a), b.position);
    write.run(...values(b), a.position);
  };
}

/** Changes the stream's first event and re-hashes the whole stream: its own chain is intact again. */
function rewriteStream(serial: string): Tamper {
  return (db) => {
    const rows = db
      .prepare<[string], EventRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision')
      .all(streamOf(serial));
    const rewritten = chainEvents(
      GENESIS_HASH,
      rows.map((row, index) => ({
        eventId: row.event_id,
        type: row.type,
        data: { ...JSON.parse(row.data), ...(index === 0 ? { reference: 'BILL-FORGED' } : {}) },
        metadata: JSON.parse(row.metadata),
      })),
    );
    const write = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
    rows.forEach((row, index) =>
      write.run(
        JSON.stringify(rewritten[index].data),
        JSON.stringify(rewritten[index].metadata),
        row.position,
      ),
    );
  };
}
