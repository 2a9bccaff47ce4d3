import { LAPTOP, serials, startTestApp, type TestApp } from './support/test-app';

type Item = { serialNumber: string; topLevel: { serialNumber: string; customerId: string | null } | null };

/**
 * The recall story (README walk-through): batteries of vendor lot L-7 go into laptops, the laptops go
 * to two customers, the trace of the lot names both through topLevel; one laptop comes back, its battery
 * is scrapped out of it and a new one installed; both histories show it. Then a large receipt is traced
 * whole by its reference after deliveries on other invoices.
 */
describe('traceability (e2e)', () => {
  let t: TestApp;
  let position = '0';
  const operator = () => t.as(['operator']);
  const read = (url: string) => t.as(['reporter']).get(url).set('X-Min-Position', position);
  const run = async (url: string, body: object, status = 200) => {
    const response = await operator().post(url, body).expect(status);
    if (status === 200) position = response.body.position;
    return response;
  };
  const battery = (serialNumber: string) => ({ productId: 'BATTERY', serialNumber });
  const laptop = (serialNumber: string) => ({ productId: 'LAPTOP', serialNumber });

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['admin'])
      .post('/v1/products', {
        id: 'BATTERY',
        sku: 'BAT',
        name: 'Battery',
        type: 'storable',
        tracking: 'serial',
      })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('recalls lot L-7: the customers whose laptops hold one, a field replacement in both histories', async () => {
    await run('/v1/serials/register', {
      productId: 'BATTERY',
      serialNumbers: ['B-1', 'B-2', 'B-3'],
      lot: 'L-7',
    });
    const stock = { fromLocationId: 'Partners/Vendors', toLocationId: 'WH/Stock', vendorId: 'CELLCO' };
    await run('/v1/serials/receive', {
      productId: 'BATTERY',
      serialNumbers: ['B-1', 'B-2', 'B-3', 'B-9'],
      ...stock,
    });
    await run('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: ['LT-1', 'LT-2'], ...stock });
    await run('/v1/serials/install', {
      parent: laptop('LT-1'),
      components: [battery('B-1')],
      reference: 'WO-1',
    });
    await run('/v1/serials/install', {
      parent: laptop('LT-2'),
      components: [battery('B-2')],
      reference: 'WO-2',
    });
    const moveAlone = await run(
      '/v1/serials/transfer',
      { productId: 'BATTERY', serialNumbers: ['B-1'], fromLocationId: 'WH/Stock', toLocationId: 'WH/Stock' },
      409,
    );
    expect(moveAlone.body.code).toBe('SERIAL_INSTALLED');
    const cycle = await run(
      '/v1/serials/install',
      { parent: battery('B-1'), components: [laptop('LT-1')] },
      422,
    );
    expect(cycle.body.code).toBe('ASSEMBLY_CYCLE');
    const deliver = { productId: 'LAPTOP', fromLocationId: 'WH/Stock' };
    await run('/v1/serials/deliver', {
      ...deliver,
      serialNumbers: ['LT-1'],
      customerId: 'CUST-A',
      reference: 'INV-1',
    });
    await run('/v1/serials/deliver', {
      ...deliver,
      serialNumbers: ['LT-2'],
      customerId: 'CUST-B',
      reference: 'INV-2',
    });

    const recall = await read('/v1/trace?lot=L-7').expect(200);
    expect(
      recall.body.items.map((item: Item) => [item.serialNumber, item.topLevel?.customerId ?? null]),
    ).toEqual([
      ['B-1', 'CUST-A'],
      ['B-2', 'CUST-B'],
      ['B-3', null],
    ]);
    expect(recall.body.items[0]).toMatchObject({
      serial: { state: 'installed', installedIn: laptop('LT-1'), locationId: null },
      topLevel: { serialNumber: 'LT-1', state: 'at_customer' },
    });

    await run('/v1/serials/return', {
      productId: 'LAPTOP',
      serialNumbers: ['LT-1'],
      customerId: 'CUST-A',
      toLocationId: 'WH/Stock',
    });
    const uninstall = {
      parent: laptop('LT-1'),
      components: [battery('B-1')],
      toLocationId: 'Virtual/Scrap',
      reason: 'recall L-7',
    };
    await run('/v1/serials/uninstall', uninstall);
    await run('/v1/serials/install', {
      parent: laptop('LT-1'),
      components: [battery('B-9')],
      reference: 'RMA-1',
    });

    const unit = await read('/v1/products/LAPTOP/serials/LT-1/history').expect(200);
    expect(unit.body.items.slice(-2)).toMatchObject([
      { type: 'ComponentsUninstalled', components: [battery('B-1')], reason: 'recall L-7' },
      { type: 'ComponentsInstalled', components: [battery('B-9')], reference: 'RMA-1' },
    ]);
    const part = await read('/v1/products/BATTERY/serials/B-1/history').expect(200);
    expect(part.body.items.at(-1)).toMatchObject({
      type: 'SerialUninstalled',
      parent: laptop('LT-1'),
      toLocationId: 'Virtual/Scrap',
    });
    const components = await read('/v1/products/LAPTOP/serials/LT-1/components').expect(200);
    expect(components.body.items).toEqual([
      { ...battery('B-9'), installedAt: expect.any(String), components: [] },
    ]);
    const trace = await read('/v1/products/BATTERY/serials/B-2/trace').expect(200);
    expect(trace.body.installedIn.map((view: { serialNumber: string }) => view.serialNumber)).toEqual([
      'LT-2',
    ]);
    expect((await read('/v1/trace?lot=L-7').expect(200)).body.items[0]).toMatchObject({
      serial: { state: 'scrapped' },
      topLevel: null,
    });
    const both = await read('/v1/trace?lot=L-7&customerId=CUST-A').expect(400);
    expect(both.body.code).toBe('VALIDATION_FAILED');
    await read('/v1/products/LAPTOP/serials/NOPE/trace').expect(404);
  });

  it('finds a receipt whole by its reference after deliveries on several invoices, each serial once', async () => {
    const received = serials('R', 1500);
    await run('/v1/serials/receive', {
      productId: 'LAPTOP',
      serialNumbers: received.slice(0, 1000),
      toLocationId: 'WH/Stock',
      reference: 'BILL-X',
    });
    await run('/v1/serials/receive', {
      productId: 'LAPTOP',
      serialNumbers: received.slice(1000),
      toLocationId: 'WH/Stock',
      reference: 'BILL-X',
    });
    for (const [index, part] of [received.slice(0, 700), received.slice(700, 1200)].entries()) {
      await run('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: part,
        fromLocationId: 'WH/Stock',
        customerId: 'CUST-C',
        reference: `INV-${index}`,
      });
    }
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Item[]; nextCursor: string | null } } = await read(
        `/v1/trace?reference=BILL-X&limit=400${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      found.push(...page.body.items.map((item: Item) => item.serialNumber));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(found).toEqual(received);
  });
});
