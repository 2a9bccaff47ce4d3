import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCheck } from '../apps/cli/src/check';
import { signToken } from '@serial/runtime';
import { LAPTOP, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

describe('npm run cli -- check (e2e)', () => {
  let t: TestApp;
  let url: string;
  const token = signToken(TEST_SECRET, { sub: 'auditor-1', roles: ['auditor'] }, '1h');

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    const operator = t.as(['operator']);
    await operator
      .post('/v1/serials/receive', {
        productId: 'LAPTOP',
        range: { first: 'CK-001', count: 20 },
        toLocationId: 'WH/Stock',
      })
      .expect(200);
    await operator
      .post('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: ['CK-001', 'CK-002'],
        fromLocationId: 'WH/Stock',
        customerId: 'C1',
      })
      .expect(200);
    await operator
      .post('/v1/serials/reserve', { productId: 'LAPTOP', serialNumbers: ['CK-003'], reference: 'SO-1' })
      .expect(200);
    await operator
      .post('/v1/serials/return', {
        productId: 'LAPTOP',
        serialNumbers: ['CK-001'],
        customerId: 'C1',
        toLocationId: 'WH/Stock',
      })
      .expect(200);
    const unit = (serialNumber: string) => ({ productId: 'LAPTOP', serialNumber });
    await operator
      .post('/v1/serials/install', { parent: unit('CK-010'), components: [unit('CK-011'), unit('CK-012')] })
      .expect(200);
  });
  afterAll(() => t?.close());

  it('finds the read models equal to the replayed streams, history included', async () => {
    const report = await runCheck({ url, token, history: true });
    expect(report.differences).toEqual([]);
    expect(report.serials).toBe(20);
  });

  it('names a serial whose read model was altered behind the projector', async () => {
    const directory = path.join(t.dataDir, 'read-models');
    const generation = fs.readFileSync(path.join(directory, 'ACTIVE'), 'utf8').trim();
    const db = new Database(path.join(directory, generation));
    db.prepare("UPDATE serials SET location_id = 'WH/Nowhere' WHERE serial_number = 'CK-005'").run();
    db.prepare("DELETE FROM serial_history WHERE serial_number = 'CK-002'").run();
    db.close();

    const report = await runCheck({ url, token, history: true });
    expect(report.differences).toEqual([
      expect.stringMatching(/\["LAPTOP","CK-002"\]: 0 history entries for 2 events/),
      expect.stringMatching(
        /\["LAPTOP","CK-005"\]: locationId is "WH\/Nowhere" in the read models, "WH\/Stock" from the events/,
      ),
      // Only the location was altered: its path still ends at the real one.
      expect.stringMatching(
        /\["LAPTOP","CK-005"\]: locationPath \["WH\/Stock"\] does not end at WH\/Nowhere/,
      ),
    ]);
  });

  it('names a view that breaks what its fields mean: state, customer, delivery time', async () => {
    const directory = path.join(t.dataDir, 'read-models');
    const generation = fs.readFileSync(path.join(directory, 'ACTIVE'), 'utf8').trim();
    const db = new Database(path.join(directory, generation));
    db.prepare(
      "UPDATE serials SET state = 'scrapped', customer_id = NULL WHERE serial_number = 'CK-002'",
    ).run();
    db.close();

    const report = await runCheck({ url, token });
    expect(report.differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /"CK-002"\]: state is "scrapped" in the read models, "at_customer" from the events/,
        ),
        expect.stringMatching(/"CK-002"\]: customerId is null in the read models, "C1" from the events/),
        expect.stringMatching(/"CK-002"\]: state is scrapped at a customer location/),
        expect.stringMatching(/"CK-002"\]: deliveredAt is .* while scrapped/),
      ]),
    );
  });

  it('names a component link the read models lost', async () => {
    const directory = path.join(t.dataDir, 'read-models');
    const generation = fs.readFileSync(path.join(directory, 'ACTIVE'), 'utf8').trim();
    const db = new Database(path.join(directory, generation));
    db.prepare("DELETE FROM components WHERE serial_number = 'CK-012'").run();
    db.close();

    const report = await runCheck({ url, token });
    expect(report.differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /"CK-010"\]: components \["LAPTOP","CK-011"\] in the read models, \["LAPTOP","CK-011"\] \["LAPTOP","CK-012"\] from the events/,
        ),
      ]),
    );
  });
});
