import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

describe('master data (e2e)', () => {
  let t: TestApp;
  const admin = () => t.as(['admin']);
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t?.close());

  it('creates the well-known locations on first start', async () => {
    for (const [id, type] of [
      ['WH/Stock', 'internal'],
      ['Partners/Vendors', 'vendor'],
      ['Partners/Customers', 'customer'],
      ['Virtual/Scrap', 'scrap'],
      ['Virtual/Adjustment', 'adjustment'],
    ]) {
      await t
        .as(['reporter'])
        .get(`/v1/locations/${encodeURIComponent(id)}`)
        .expect(200)
        .expect(({ body }) => expect(body).toMatchObject({ id, type }));
    }
  });

  it('registers, reads and updates a product', async () => {
    const created = await admin()
      .post('/v1/products', { ...LAPTOP, gtin: '09506000134352' })
      .expect(201);
    expect(created.body).toEqual({
      ...LAPTOP,
      gtin: '09506000134352',
      serialFormat: null,
      createdAt: expect.any(String),
      updatedAt: created.body.createdAt,
      position: expect.stringMatching(/^\d+$/),
    });
    await admin()
      .patch('/v1/products/LAPTOP', { name: 'Laptop 15" gen 2', warrantyMonths: null })
      .expect(200);
    const { body } = await t.as(['reporter']).get('/v1/products/LAPTOP').expect(200);
    expect(body).toMatchObject({ name: 'Laptop 15" gen 2', warrantyMonths: null, gtin: '09506000134352' });
    expect(Date.parse(body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(body.createdAt));
  });

  it('refuses duplicates and serial tracking on non-storable products', async () => {
    await admin()
      .post('/v1/products', LAPTOP)
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('PRODUCT_ALREADY_EXISTS'));
    await admin()
      .post('/v1/products', { ...LAPTOP, id: 'SVC', type: 'service' })
      .expect(422)
      .expect(({ body }) => expect(body.code).toBe('TRACKING_REQUIRES_STORABLE'));
    await admin()
      .post('/v1/products', { ...LAPTOP, id: 'KIT', type: 'consumable', tracking: 'lot' })
      .expect(201);
    await admin()
      .patch('/v1/products/KIT', { tracking: 'serial' })
      .expect(422)
      .expect(({ body }) => expect(body.code).toBe('TRACKING_REQUIRES_STORABLE'));
    await admin()
      .post('/v1/locations', { id: 'WH/Stock', name: 'again', type: 'internal' })
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('LOCATION_ALREADY_EXISTS'));
  });

  it('answers 404 for unknown ids in the URL and 400 for ill-shaped ones', async () => {
    await t
      .as(['reporter'])
      .get('/v1/products/NOPE')
      .expect(404)
      .expect(({ body }) => expect(body.code).toBe('NOT_FOUND'));
    await admin().patch('/v1/products/NOPE', { name: 'x' }).expect(404);
    await t.as(['reporter']).get('/v1/locations/NOPE').expect(404);
    await t
      .as(['reporter'])
      .get('/v1/products/bad%20id')
      .expect(400)
      .expect(({ body }) => expect(body.code).toBe('VALIDATION_FAILED'));
  });

  it('validates product bodies field by field', async () => {
    const { body } = await admin()
      .post('/v1/products', {
        id: 'X',
        sku: 'X',
        name: 'X',
        type: 'gadget',
        tracking: 'serial',
        gtin: '12ab',
        warrantyMonths: -1,
      })
      .expect(400);
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'gtin',
      'type',
      'warrantyMonths',
    ]);
  });

  it('lets reporters read and only admins write master data', async () => {
    await t
      .as(['reporter'])
      .post('/v1/products', { ...LAPTOP, id: 'R1' })
      .expect(403);
    await t.as(['operator']).post('/v1/locations', { id: 'WH/X', name: 'X', type: 'internal' }).expect(403);
    await t.as(['operator']).get('/v1/products/LAPTOP').expect(403);
    await t.as(['auditor']).get('/v1/products/LAPTOP').expect(200);
  });
});

describe('audit routes (e2e)', () => {
  let t: TestApp;
  const auditor = () => t.as(['auditor']);
  let receivedPosition: string;
  let afterReceive: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    receivedPosition = (
      await t
        .as(['operator'])
        .post('/v1/serials/receive', {
          productId: 'LAPTOP',
          serialNumbers: ['AU-1'],
          toLocationId: 'WH/Stock',
        })
        .expect(200)
    ).body.position;
    await new Promise((resolve) => setTimeout(resolve, 20));
    afterReceive = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t
      .as(['operator'])
      .post('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: ['AU-1'],
        fromLocationId: 'WH/Stock',
        customerId: 'C1',
      })
      .expect(200);
  });
  afterAll(() => t?.close());

  it("returns a serial's events with their hash chain", async () => {
    const { body } = await auditor().get('/v1/products/LAPTOP/serials/AU-1/events').expect(200);
    expect(body.streamId).toBe('serial-LAPTOP:AU-1');
    expect(body.items[0]).toEqual({
      eventId: expect.any(String),
      type: 'SerialReceived',
      revision: 0,
      position: receivedPosition,
      recordedAt: expect.any(String),
      data: expect.objectContaining({ productId: 'LAPTOP', serialNumber: 'AU-1', toLocationId: 'WH/Stock' }),
      metadata: expect.objectContaining({
        userId: 'clerk-anna',
        previousHash: '0'.repeat(64),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    });
    expect(body.items[1].metadata.previousHash).toBe(body.items[0].metadata.hash);
    for (const key of ['commandId', 'correlationId', 'causationId', 'occurredAt', 'schemaVersion']) {
      expect(typeof body.items[0].metadata[key]).toBe('string');
    }
  });

  it('rebuilds the state as of a past time from the events', async () => {
    const { body: then } = await auditor()
      .get(`/v1/products/LAPTOP/serials/AU-1/state?asOf=${afterReceive}`)
      .expect(200);
    expect(then).toMatchObject({
      status: 'available',
      locationId: 'WH/Stock',
      revision: 0,
      position: receivedPosition,
    });
    const { body: now } = await auditor().get('/v1/products/LAPTOP/serials/AU-1/state').expect(200);
    expect(now).toMatchObject({ status: 'out_of_stock', locationId: 'Partners/Customers', customerId: 'C1' });
    await auditor().get('/v1/products/LAPTOP/serials/AU-1/state?asOf=2000-01-01T00:00:00Z').expect(404);
    await auditor().get('/v1/products/LAPTOP/serials/AU-1/state?asOf=yesterday').expect(400);
  });

  it('answers 404 for a serial that never existed', async () => {
    await auditor().get('/v1/products/LAPTOP/serials/NEVER/events').expect(404);
    await auditor().get('/v1/products/LAPTOP/serials/NEVER/verify').expect(404);
  });

  it('pages through every event in global order', async () => {
    const seen: string[] = [];
    let from = '0';
    for (let page = 0; page < 50; page++) {
      const { body } = await auditor().get(`/v1/audit/events?fromPosition=${from}&limit=2`).expect(200);
      if (body.items.length === 0) break;
      seen.push(
        ...body.items.map((e: { position: string; streamId: string }) => `${e.position}:${e.streamId}`),
      );
      from = body.nextPosition;
    }
    const positions = seen.map((s) => BigInt(s.split(':')[0]));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((s) => s.endsWith('serial-LAPTOP:AU-1'))).toHaveLength(2);
    expect(seen.filter((s) => s.includes(':location-'))).toHaveLength(5);
  });

  it('validates its query', async () => {
    await auditor().get('/v1/audit/events?limit=0').expect(400);
    await auditor().get('/v1/audit/events?limit=1001').expect(400);
    await auditor().get('/v1/audit/events?fromPosition=-1').expect(400);
  });
});
