import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

/**
 * The cases where something went wrong, tried as a new user would (issue 12): what the service
 * answers after a correction, a return and a scrap, about master data, and in its messages.
 */
describe('correct answers when something went wrong (e2e)', () => {
  let t: TestApp;
  let last = '0';
  const send = async (route: string, body: object) => {
    const { body: result } = await t.as(['operator']).post(`/v1/serials/${route}`, body).expect(200);
    last = result.position;
    return result;
  };
  const read = async (url: string) =>
    (await t.as(['reporter']).get(url).set('X-Min-Position', last).expect(200)).body;
  const view = (sn: string) => read(`/v1/products/LAPTOP/serials/${sn}`);
  const historyOf = async (sn: string) => (await read(`/v1/products/LAPTOP/serials/${sn}/history`)).items;
  const listed = async (query: string) =>
    (await read(`/v1/serials?${query}`)).items.map((s: { serialNumber: string }) => s.serialNumber);
  const receive = (serialNumbers: string[], reference = 'PO-1') =>
    send('receive', {
      productId: 'LAPTOP',
      serialNumbers,
      toLocationId: 'WH/Stock',
      vendorId: 'V1',
      reference,
    });
  const deliver = (serialNumbers: string[]) =>
    send('deliver', {
      productId: 'LAPTOP',
      serialNumbers,
      fromLocationId: 'WH/Stock',
      customerId: 'C1',
      reference: 'SO-9',
    });
  const correct = (wrongSerialNumber: string, correctSerialNumber: string, locationId: string) =>
    send('correct', {
      productId: 'LAPTOP',
      wrongSerialNumber,
      correctSerialNumber,
      locationId,
      reason: 'mix-up',
    });

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['admin'])
      .post('/v1/locations', { id: 'WH/Shelf-2', name: 'Shelf 2', type: 'internal' })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('receipt typo: the correct serial shows the receipt, and both histories name each other', async () => {
    await receive(['TYPO1']);
    const typo = await view('TYPO1');
    await correct('TYPO1', 'RIGHT1', 'WH/Stock');

    expect(await view('RIGHT1')).toMatchObject({
      state: 'in_stock',
      vendorId: 'V1',
      receivedAt: typo.receivedAt,
      reference: 'PO-1',
    });
    expect(await view('TYPO1')).toMatchObject({
      state: 'written_off',
      vendorId: null,
      receivedAt: null,
      reference: null,
    });
    expect((await historyOf('RIGHT1')).at(-1)).toMatchObject({
      type: 'SerialCorrectedIn',
      counterpartSerialNumber: 'TYPO1',
    });
    expect(
      (await historyOf('TYPO1')).map((e: { counterpartSerialNumber: unknown }) => e.counterpartSerialNumber),
    ).toEqual([null, 'RIGHT1']);
    expect(await listed('state=written_off')).toContain('TYPO1');
  });

  it('delivery mix-up: the unit really delivered takes over the delivery and its warranty; the other comes back', async () => {
    await receive(['A1']);
    await send('receive', {
      productId: 'LAPTOP',
      serialNumbers: ['A2'],
      toLocationId: 'WH/Shelf-2',
      reference: 'PO-2',
    });
    await deliver(['A1']);
    const delivered = await view('A1');
    await correct('A1', 'A2', 'Partners/Customers');

    expect(await view('A2')).toMatchObject({
      state: 'at_customer',
      customerId: 'C1',
      deliveredAt: delivered.deliveredAt,
      reference: 'SO-9',
      warranty: { ...delivered.warranty, active: true },
    });
    expect(await view('A1')).toMatchObject({
      state: 'in_stock',
      locationId: 'WH/Shelf-2',
      customerId: null,
      deliveredAt: null,
      warranty: null,
      reference: 'PO-2',
    });
  });

  it('returned, then scrapped: at no customer, no active warranty, in no warranty report', async () => {
    await receive(['A3']);
    await deliver(['A3']);
    await send('return', {
      productId: 'LAPTOP',
      serialNumbers: ['A3'],
      customerId: 'C1',
      toLocationId: 'WH/Stock',
    });
    expect(await view('A3')).toMatchObject({
      state: 'in_stock',
      customerId: null,
      deliveredAt: null,
      warranty: { active: true },
    });
    await send('scrap', {
      productId: 'LAPTOP',
      serialNumbers: ['A3'],
      fromLocationId: 'WH/Stock',
      reason: 'broken',
    });

    expect(await view('A3')).toMatchObject({
      state: 'scrapped',
      customerId: null,
      warranty: { active: false },
    });
    expect(await listed('customerId=C1')).toEqual(['A2']);
    const inFiveYears = new Date(Date.now() + 5 * 366 * 86_400_000).toISOString();
    const report = await read(`/v1/reports/warranty?expiringBefore=${inFiveYears}`);
    expect(report.items.map((s: { serialNumber: string }) => s.serialNumber)).toEqual(['A2']);
    const atC1 = await read(`/v1/reports/warranty?expiringBefore=${inFiveYears}&customerId=C1&limit=1`);
    expect(atC1).toMatchObject({ items: [{ serialNumber: 'A2' }], nextCursor: null });
  });

  it('refuses to change the tracking of a product that has serials: 409 PRODUCT_HAS_SERIALS', async () => {
    const { body } = await t.as(['admin']).patch('/v1/products/LAPTOP', { tracking: 'none' }).expect(409);
    expect(body.code).toBe('PRODUCT_HAS_SERIALS');
    await t
      .as(['admin'])
      .patch('/v1/products/LAPTOP', { tracking: 'serial', name: 'Laptop 15" (2)' })
      .expect(200);
    await t
      .as(['admin'])
      .post('/v1/products', { ...LAPTOP, id: 'EMPTY', sku: 'E' })
      .expect(201);
    await t.as(['admin']).patch('/v1/products/EMPTY', { tracking: 'lot' }).expect(200);
    expect(
      (await send('receive', { productId: 'LAPTOP', serialNumbers: ['A4'], toLocationId: 'WH/Stock' }))
        .serials,
    ).toHaveLength(1);
  });

  it('gives a GTIN to one product only, whatever its length: 409 GTIN_ALREADY_USED', async () => {
    const admin = t.as(['admin']);
    const first = await admin
      .post('/v1/products', { ...LAPTOP, id: 'G1', sku: 'G1', gtin: '09506000134352' })
      .expect(201);
    expect(first.body.gtin).toBe('09506000134352');
    const taken = await admin
      .post('/v1/products', { ...LAPTOP, id: 'G2', sku: 'G2', gtin: '9506000134352' })
      .expect(409);
    expect(taken.body.code).toBe('GTIN_ALREADY_USED');
    await admin.post('/v1/products', { ...LAPTOP, id: 'G2', sku: 'G2' }).expect(201);
    expect((await admin.patch('/v1/products/G2', { gtin: '9506000134352' }).expect(409)).body.code).toBe(
      'GTIN_ALREADY_USED',
    );
    await admin.patch('/v1/products/G1', { gtin: null }).expect(200);
    const moved = await admin.patch('/v1/products/G2', { gtin: '9506000134352' }).expect(200);
    expect(moved.body.gtin).toBe('09506000134352');
  });

  it('says what is wrong once, in plain words', async () => {
    const operator = t.as(['operator']);
    const neither = await operator
      .post('/v1/serials/receive', { productId: 'LAPTOP', toLocationId: 'WH/Stock' })
      .expect(400);
    expect(neither.body.errors).toEqual([
      { field: 'serialNumbers', message: 'give serialNumbers or range: the serials to act on' },
    ]);
    const both = await operator
      .post('/v1/serials/receive', {
        productId: 'LAPTOP',
        toLocationId: 'WH/Stock',
        serialNumbers: ['X'],
        range: { first: 'X1', count: 2 },
      })
      .expect(400);
    expect(both.body.errors).toEqual([
      { field: 'serialNumbers', message: 'give either serialNumbers or range, not both' },
    ]);
    const internal = await operator
      .post('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: ['A4'],
        fromLocationId: 'WH/Stock',
        customerId: 'C1',
        toLocationId: 'WH/Shelf-2',
      })
      .expect(422);
    expect(internal.body.detail).toContain('is an internal location');
    const noPartner = await operator
      .post('/v1/movements', {
        id: 'OUT-1',
        type: 'delivery',
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        lines: [{ productId: 'LAPTOP', quantity: 1 }],
      })
      .expect(400);
    expect(noPartner.body.errors).toEqual([
      { field: 'partnerId', message: expect.stringContaining('required') },
    ]);
  });

  it('shows the lines of products that are not serial-tracked as document-only, and moves nothing for them', async () => {
    await t
      .as(['admin'])
      .post('/v1/products', { id: 'CABLE', sku: 'CB', name: 'Cable', type: 'consumable', tracking: 'none' })
      .expect(201);
    await t
      .as(['admin'])
      .post('/v1/products', { ...LAPTOP, id: 'PAINT', sku: 'PT', tracking: 'lot' })
      .expect(201);
    const stockBefore = (await read('/v1/reports/stock')).items;
    const operator = t.as(['operator']);
    const lines = [
      { productId: 'LAPTOP', quantity: 1 },
      { productId: 'CABLE', quantity: 50 },
      { productId: 'PAINT', quantity: 3 },
    ];
    const created = await operator
      .post('/v1/movements', {
        id: 'IN-1',
        type: 'receipt',
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
        lines,
      })
      .expect(201);
    expect(created.body.lines.map((l: { serialTracked: boolean }) => l.serialTracked)).toEqual([
      true,
      false,
      false,
    ]);
    await operator.put('/v1/movements/IN-1/lines/0/serials', { serialNumbers: ['M-1'] }).expect(200);
    const done = await operator.post('/v1/movements/IN-1/validate').expect(200);
    last = done.body.position;
    expect(done.body).toMatchObject({
      status: 'done',
      lines: [{ serialTracked: true }, { serialTracked: false, serialNumbers: [] }, { serialTracked: false }],
    });
    const listedMovement = (await read('/v1/movements?status=done')).items.find(
      (m: { id: string }) => m.id === 'IN-1',
    );
    expect(listedMovement.lines.map((l: { serialTracked: boolean }) => l.serialTracked)).toEqual([
      true,
      false,
      false,
    ]);
    const stockAfter = (await read('/v1/reports/stock')).items;
    const onHand = (items: { productId: string; onHand: number }[]) => {
      const byProduct: Record<string, number> = {};
      for (const row of items) byProduct[row.productId] = (byProduct[row.productId] ?? 0) + row.onHand;
      return byProduct;
    };
    expect(onHand(stockAfter)).toEqual({ ...onHand(stockBefore), LAPTOP: onHand(stockBefore).LAPTOP + 1 });
  });
});
