import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

describe('read models and queries (e2e)', () => {
  let t: TestApp;
  let last = '0';
  const operator = () => t.as(['operator'], 'clerk-carl');
  const reporter = () => t.as(['reporter']);
  const command = async (route: string, body: object) => {
    const { body: result } = await operator().post(`/v1/serials/${route}`, body).expect(200);
    last = result.position;
    return result;
  };
  /** A read that waits for the last command's position: read-your-writes. */
  const read = (url: string) => reporter().get(url).set('X-Min-Position', last).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['admin'])
      .post('/v1/products', { ...LAPTOP, id: 'PHONE', sku: 'PH', warrantyMonths: 12 })
      .expect(201);
    await t.as(['admin']).post('/v1/locations', { id: 'WH/B', name: 'B', type: 'internal' }).expect(201);
    await command('receive', {
      productId: 'LAPTOP',
      range: { first: 'L-001', count: 5 },
      toLocationId: 'WH/Stock',
      vendorId: 'ACME',
      reference: 'BILL-1',
    });
    await command('receive', {
      productId: 'PHONE',
      serialNumbers: ['P-1', 'P-2'],
      toLocationId: 'WH/B',
      reference: 'BILL-2',
    });
    await command('transfer', {
      productId: 'LAPTOP',
      serialNumbers: ['L-002'],
      fromLocationId: 'WH/Stock',
      toLocationId: 'WH/B',
      reference: 'MOVE-1',
    });
    await command('reserve', { productId: 'LAPTOP', serialNumbers: ['L-003'], reference: 'SO-9' });
    await command('deliver', {
      productId: 'LAPTOP',
      serialNumbers: ['L-004'],
      fromLocationId: 'WH/Stock',
      customerId: 'CUST-1',
      reference: 'INV-1',
    });
    await command('deliver', {
      productId: 'PHONE',
      serialNumbers: ['P-1'],
      fromLocationId: 'WH/B',
      customerId: 'CUST-2',
      reference: 'INV-2',
    });
  });
  afterAll(() => t?.close());

  it('shows a serial as of the last write', async () => {
    const { body } = await read('/v1/products/LAPTOP/serials/L-004');
    expect(body).toMatchObject({
      productId: 'LAPTOP',
      serialNumber: 'L-004',
      status: 'out_of_stock',
      onHand: false,
      locationId: 'Partners/Customers',
      locationType: 'customer',
      customerId: 'CUST-1',
      vendorId: 'ACME',
      warranty: { active: true },
      receivedAt: expect.any(String),
      deliveredAt: expect.any(String),
      // Received, then delivered: one event that also started the warranty.
      revision: 1,
      position: expect.stringMatching(/^\d+$/),
    });
    expect((await read('/v1/products/LAPTOP/serials/L-003')).body).toMatchObject({
      status: 'reserved',
      reservedFor: 'SO-9',
      onHand: true,
    });
    await reporter().get('/v1/products/LAPTOP/serials/NOPE').expect(404);
  });

  it('gives the history of every move with date, from, to, reference and the user from the JWT', async () => {
    const { body } = await read('/v1/products/LAPTOP/serials/L-002/history');
    expect(body.items).toEqual([
      expect.objectContaining({
        type: 'SerialReceived',
        revision: 0,
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
        reference: 'BILL-1',
        vendorId: 'ACME',
        userId: 'clerk-carl',
        at: expect.any(String),
      }),
      expect.objectContaining({
        type: 'SerialTransferred',
        revision: 1,
        fromLocationId: 'WH/Stock',
        toLocationId: 'WH/B',
        reference: 'MOVE-1',
        userId: 'clerk-carl',
      }),
    ]);
  });

  it('walks a filtered list with limit=2 exactly once, in a stable order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const url = `/v1/serials?productId=LAPTOP&status=available&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await read(url);
      seen.push(...body.items.map((s: { serialNumber: string }) => s.serialNumber));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(['L-001', 'L-002', 'L-005']);
    await reporter().get('/v1/serials?cursor=not-a-cursor').expect(400);
    await reporter().get('/v1/serials?limit=0').expect(400);
    await reporter().get('/v1/serials?status=lost').expect(400);
  });

  it('filters by location, customer, reference (of the last document that moved it) and state', async () => {
    const serialsOf = async (query: string) =>
      (await read(`/v1/serials?${query}`)).body.items.map((s: { serialNumber: string }) => s.serialNumber);
    expect(await serialsOf('locationId=WH%2FB')).toEqual(['L-002', 'P-2']);
    expect(await serialsOf('customerId=CUST-2')).toEqual(['P-1']);
    expect(await serialsOf('reference=INV-1')).toEqual(['L-004']);
    // A reservation moves nothing: its reference is the serial's reservedFor, not its document.
    expect(await serialsOf('reference=SO-9')).toEqual([]);
    expect(await serialsOf('state=at_customer')).toEqual(['L-004', 'P-1']);
    expect(await serialsOf('state=in_stock&productId=PHONE')).toEqual(['P-2']);
    await reporter().get('/v1/serials?state=lost').expect(400);
  });

  it('reports stock per product and internal location', async () => {
    const { body } = await read('/v1/reports/stock');
    expect(body.items).toEqual(
      expect.arrayContaining([
        { productId: 'LAPTOP', locationId: 'WH/Stock', available: 2, reserved: 1, onHand: 3 },
        { productId: 'LAPTOP', locationId: 'WH/B', available: 1, reserved: 0, onHand: 1 },
        { productId: 'PHONE', locationId: 'WH/B', available: 1, reserved: 0, onHand: 1 },
      ]),
    );
    expect(body.items).toHaveLength(3);
    expect((await read('/v1/reports/stock?locationId=WH%2FB&productId=PHONE')).body.items).toEqual([
      { productId: 'PHONE', locationId: 'WH/B', available: 1, reserved: 0, onHand: 1 },
    ]);
  });

  it('reports warranties ending before a time', async () => {
    const inTwoYears = new Date(Date.now() + 2 * 366 * 24 * 3600 * 1000).toISOString();
    const inEighteenMonths = new Date(Date.now() + 18 * 31 * 24 * 3600 * 1000).toISOString();
    const names = async (before: string) =>
      (await read(`/v1/reports/warranty?expiringBefore=${before}`)).body.items.map(
        (s: { serialNumber: string }) => s.serialNumber,
      );
    expect(await names(inTwoYears)).toEqual(['P-1', 'L-004']);
    expect(await names(inEighteenMonths)).toEqual(['P-1']);
    const { body: missing } = await reporter().get('/v1/reports/warranty').expect(400);
    expect(missing.errors).toEqual([
      { field: 'expiringBefore', message: expect.stringContaining('required') },
    ]);
  });

  it('lists products and locations', async () => {
    const { body: products } = await read('/v1/products?limit=1');
    expect(products.items).toHaveLength(1);
    expect(products.nextCursor).toEqual(expect.any(String));
    const { body: locations } = await read('/v1/locations');
    expect(locations.items.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining(['WH/Stock', 'WH/B', 'Virtual/Scrap']),
    );
  });

  it('answers 503 READ_MODEL_BEHIND when the position is not reached within 5 s, 400 for a malformed one', async () => {
    const ahead = (BigInt(last) + 1000n).toString();
    const { body } = await reporter().get('/v1/reports/stock').set('X-Min-Position', ahead).expect(503);
    expect(body.code).toBe('READ_MODEL_BEHIND');
    await reporter().get('/v1/reports/stock').set('X-Min-Position', 'soon').expect(400);
  });

  it('shows projections with checkpoints and lag, and rebuilds them to the same state', async () => {
    const before = (await read('/v1/serials?limit=1000')).body.items;
    const { body: projections } = await t.as(['admin']).get('/v1/admin/projections').expect(200);
    expect(projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'serials', checkpoint: last, lag: 0 })]),
    );
    await reporter().get('/v1/admin/projections').expect(403);

    await t.as(['admin']).post('/v1/admin/projections/rebuild').expect(202);
    const rebuilding = async () =>
      (await t.as(['admin']).get('/v1/admin/projections').expect(200)).body.some(
        (p: { rebuilding: boolean }) => p.rebuilding,
      );
    for (let i = 0; i < 200 && (await rebuilding()); i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await rebuilding()).toBe(false);
    expect((await read('/v1/serials?limit=1000')).body.items).toEqual(before);
  });
});
