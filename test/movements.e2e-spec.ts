import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

describe('movement documents (e2e)', () => {
  let t: TestApp;
  const operator = () => t.as(['operator']);
  const state = async (productId: string, serialNumber: string) =>
    (await t.as(['auditor']).get(`/v1/products/${productId}/serials/${serialNumber}/state`).expect(200)).body;
  const events = async (productId: string, serialNumber: string) =>
    (await t.as(['auditor']).get(`/v1/products/${productId}/serials/${serialNumber}/events`).expect(200)).body
      .items;
  const movementUrl = (id: string) => `/v1/movements/${encodeURIComponent(id)}`;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = t.as(['admin']);
    await admin.post('/v1/products', LAPTOP).expect(201);
    await admin
      .post('/v1/products', { ...LAPTOP, id: 'PHONE', sku: 'PH-1', warrantyMonths: undefined })
      .expect(201);
    await admin
      .post('/v1/products', { id: 'CABLE', sku: 'C-1', name: 'Cable', type: 'consumable', tracking: 'none' })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('validates a two-line receipt: every serial arrives, each history naming the movement', async () => {
    const created = await operator()
      .post('/v1/movements', {
        id: 'WH/IN/0001',
        type: 'receipt',
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
        reference: 'BILL-9',
        partnerId: 'ACME',
        lines: [
          { productId: 'LAPTOP', quantity: 2 },
          { productId: 'PHONE', quantity: 1 },
          { productId: 'CABLE', quantity: 50 },
        ],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      id: 'WH/IN/0001',
      status: 'pending',
      lines: [{ serialNumbers: [] }, { serialNumbers: [] }, { serialNumbers: [] }],
    });

    await operator()
      .put(`${movementUrl('WH/IN/0001')}/lines/0/serials`, { serialNumbers: ['L-1', 'L-2'] })
      .expect(200);
    await operator()
      .put(`${movementUrl('WH/IN/0001')}/lines/1/serials`, { serialNumbers: ['P-1'] })
      .expect(200);
    const validated = await operator()
      .post(`${movementUrl('WH/IN/0001')}/validate`)
      .expect(200);
    expect(validated.body).toMatchObject({
      status: 'done',
      validatedAt: expect.any(String),
      position: expect.stringMatching(/^\d+$/),
    });

    for (const [productId, sn] of [
      ['LAPTOP', 'L-1'],
      ['LAPTOP', 'L-2'],
      ['PHONE', 'P-1'],
    ]) {
      expect(await state(productId, sn)).toMatchObject({
        status: 'available',
        locationId: 'WH/Stock',
        vendorId: 'ACME',
        reference: 'BILL-9',
      });
      expect((await events(productId, sn))[0].data).toMatchObject({
        movementId: 'WH/IN/0001',
        reference: 'BILL-9',
      });
    }
    await t
      .as(['reporter'])
      .get(movementUrl('WH/IN/0001'))
      .expect(200)
      .expect(({ body }) => expect(body.status).toBe('done'));
    await operator()
      .post(`${movementUrl('WH/IN/0001')}/validate`)
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('MOVEMENT_NOT_PENDING'));
  });

  it('fails a delivery whose assigned serial moved away since, naming it and moving none', async () => {
    await operator()
      .post('/v1/serials/receive', {
        productId: 'LAPTOP',
        serialNumbers: ['D-1', 'D-2'],
        toLocationId: 'WH/Stock',
      })
      .expect(200);
    await operator()
      .post('/v1/movements', {
        id: 'WH/OUT/0001',
        type: 'delivery',
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        partnerId: 'CUST-1',
        lines: [{ productId: 'LAPTOP', quantity: 2 }],
      })
      .expect(201);
    await operator()
      .put(`${movementUrl('WH/OUT/0001')}/lines/0/serials`, { serialNumbers: ['D-1', 'D-2'] })
      .expect(200);
    await operator()
      .post('/v1/serials/scrap', {
        productId: 'LAPTOP',
        serialNumbers: ['D-2'],
        fromLocationId: 'WH/Stock',
        reason: 'dropped',
      })
      .expect(200);

    const failed = await operator()
      .post(`${movementUrl('WH/OUT/0001')}/validate`)
      .expect(409);
    expect(failed.body).toMatchObject({ code: 'SERIAL_NOT_AT_LOCATION', serialNumbers: ['D-2'] });
    expect(await state('LAPTOP', 'D-1')).toMatchObject({ status: 'available', locationId: 'WH/Stock' });
    await t
      .as(['reporter'])
      .get(movementUrl('WH/OUT/0001'))
      .expect(200)
      .expect(({ body }) => expect(body.status).toBe('pending'));
  });

  it('rejects at assignment what could not pass now, and an incomplete line at validation', async () => {
    await operator()
      .post('/v1/movements', {
        id: 'WH/OUT/0002',
        type: 'delivery',
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        partnerId: 'CUST-2',
        lines: [{ productId: 'LAPTOP', quantity: 2 }],
      })
      .expect(201);
    const url = `${movementUrl('WH/OUT/0002')}/lines/0/serials`;
    await operator()
      .put(url, { serialNumbers: ['NOPE-1'] })
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('SERIAL_NOT_FOUND'));
    await operator()
      .put(url, { serialNumbers: ['L-1', 'L-2', 'D-1'] })
      .expect(422)
      .expect(({ body }) => expect(body.code).toBe('QUANTITY_MISMATCH'));
    await operator()
      .put(url, { serialNumbers: ['L-1'] })
      .expect(200);
    await operator()
      .post(`${movementUrl('WH/OUT/0002')}/validate`)
      .expect(422)
      .expect(({ body }) => expect(body.code).toBe('QUANTITY_MISMATCH'));
    await operator()
      .put(`${movementUrl('WH/OUT/0002')}/lines/7/serials`, { serialNumbers: ['L-1'] })
      .expect(404);
  });

  it('cancels a pending movement, which then cannot change', async () => {
    await operator()
      .post('/v1/movements', {
        id: 'INT-1',
        type: 'internal',
        fromLocationId: 'WH/Stock',
        toLocationId: 'WH/Stock',
        lines: [{ productId: 'LAPTOP', quantity: 1 }],
      })
      .expect(201);
    await operator()
      .post(`${movementUrl('INT-1')}/cancel`)
      .expect(200)
      .expect(({ body }) => expect(body.status).toBe('cancelled'));
    await operator()
      .put(`${movementUrl('INT-1')}/lines/0/serials`, { serialNumbers: ['L-1'] })
      .expect(409);
    await operator()
      .post(`${movementUrl('INT-1')}/cancel`)
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('MOVEMENT_NOT_PENDING'));
  });

  it('lists movements by status, a page at a time', async () => {
    const { body: probe } = await operator()
      .post('/v1/movements', {
        id: 'LIST-1',
        type: 'internal',
        fromLocationId: 'WH/Stock',
        toLocationId: 'WH/Stock',
        lines: [{ productId: 'CABLE', quantity: 1 }],
      })
      .expect(201);
    const ids: string[] = [];
    type MovementPage = { items: { id: string; status: string }[]; nextCursor: string | null };
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const url: string = `/v1/movements?status=pending&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await t.as(['reporter']).get(url).set('X-Min-Position', probe.position).expect(200);
      const body = response.body as MovementPage;
      ids.push(...body.items.map((m) => m.id));
      expect(body.items.every((m) => m.status === 'pending')).toBe(true);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids).toContain('LIST-1');
    await t.as(['reporter']).get('/v1/movements?status=lost').expect(400);
  });

  it('validates its input and its ids', async () => {
    const base = {
      id: 'M-X',
      type: 'delivery',
      fromLocationId: 'WH/Stock',
      toLocationId: 'Partners/Customers',
      lines: [{ productId: 'LAPTOP', quantity: 1 }],
    };
    await operator()
      .post('/v1/movements', base)
      .expect(400)
      .expect(({ body }) =>
        expect(body.errors.map((e: { field: string }) => e.field)).toContain('partnerId'),
      );
    await operator()
      .post('/v1/movements', { ...base, partnerId: 'C', lines: [] })
      .expect(400);
    await operator()
      .post('/v1/movements', { ...base, partnerId: 'C', lines: [{ productId: 'LAPTOP', quantity: 0 }] })
      .expect(400);
    await operator()
      .post('/v1/movements', { ...base, partnerId: 'C', toLocationId: 'WH/Stock' })
      .expect(422)
      .expect(({ body }) => expect(body.code).toBe('INVALID_LOCATION_TYPE'));
    await operator()
      .post('/v1/movements', { ...base, partnerId: 'C' })
      .expect(201);
    await operator()
      .post('/v1/movements', { ...base, partnerId: 'C' })
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('MOVEMENT_ALREADY_EXISTS'));
    await t.as(['reporter']).get(movementUrl('M-404')).expect(404);
    await operator()
      .post(`${movementUrl('M-404')}/validate`)
      .expect(404);
    await operator()
      .put(`${movementUrl('M-X')}/lines/abc/serials`, { serialNumbers: ['L-1'] })
      .expect(400);
  });
});
