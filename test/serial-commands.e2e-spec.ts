import { LAPTOP, serials, startTestApp, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('serial commands (e2e)', () => {
  let t: TestApp;
  const operator = () => t.as(['operator']);
  const auditor = () => t.as(['auditor']);
  const receive = (serialNumbers: string[], extra: object = {}) =>
    operator().post('/v1/serials/receive', {
      productId: 'LAPTOP',
      serialNumbers,
      toLocationId: 'WH/Stock',
      ...extra,
    });
  const deliver = (serialNumbers: string[], extra: object = {}) =>
    operator().post('/v1/serials/deliver', {
      productId: 'LAPTOP',
      serialNumbers,
      fromLocationId: 'WH/Stock',
      customerId: 'C1',
      ...extra,
    });
  const state = async (serialNumber: string) =>
    (
      await auditor()
        .get(`/v1/products/LAPTOP/serials/${encodeURIComponent(serialNumber)}/state`)
        .expect(200)
    ).body;
  const eventTypes = async (serialNumber: string) =>
    (
      await auditor()
        .get(`/v1/products/LAPTOP/serials/${encodeURIComponent(serialNumber)}/events`)
        .expect(200)
    ).body.items.map((e: { type: string }) => e.type);

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['admin'])
      .post('/v1/locations', { id: 'WH/Shelf-2', name: 'Shelf 2', type: 'internal' })
      .expect(201);
  });
  afterAll(() => t.close());

  it("receives, delivers and returns: the seed's story, recorded with the JWT user", async () => {
    const received = await receive(['SN/01'], { vendorId: 'V1', reference: 'BILL-1' }).expect(200);
    expect(received.body).toEqual({
      position: expect.stringMatching(/^\d+$/),
      serials: [{ productId: 'LAPTOP', serialNumber: 'SN/01', status: 'available', locationId: 'WH/Stock' }],
    });
    const delivered = await t
      .as(['operator'], 'clerk-ben')
      .post('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: ['SN/01'],
        fromLocationId: 'WH/Stock',
        customerId: 'C1',
        reference: 'INV-1',
      })
      .expect(200);
    expect(BigInt(delivered.body.position)).toBeGreaterThan(BigInt(received.body.position));
    expect(await state('SN/01')).toMatchObject({
      status: 'out_of_stock',
      locationId: 'Partners/Customers',
      customerId: 'C1',
      warranty: { active: true },
    });
    await operator()
      .post('/v1/serials/return', {
        productId: 'LAPTOP',
        serialNumbers: ['SN/01'],
        customerId: 'C1',
        toLocationId: 'WH/Stock',
        reason: 'defect',
      })
      .expect(200);

    const events = (await auditor().get('/v1/products/LAPTOP/serials/SN%2F01/events').expect(200)).body;
    expect(events.items.map((e: { type: string }) => e.type)).toEqual([
      'SerialReceived',
      'SerialDelivered',
      'SerialReturned',
    ]);
    // One event per delivered serial (schema version 2): it carries the warranty the delivery started.
    const delivery = events.items[1] as { data: { warranty: unknown }; metadata: { schemaVersion: string } };
    expect(delivery.metadata.schemaVersion).toBe('2');
    expect(delivery.data.warranty).toEqual({ startsAt: expect.any(String), endsAt: expect.any(String) });
    expect(events.items.map((e: { metadata: { userId: string } }) => e.metadata.userId)).toEqual([
      'clerk-anna',
      'clerk-ben',
      'clerk-anna',
    ]);
    await auditor()
      .get('/v1/products/LAPTOP/serials/SN%2F01/verify')
      .expect(200, { valid: true, events: 3, firstInvalidRevision: null });
  });

  it('registers and receives by range', async () => {
    await operator()
      .post('/v1/serials/register', { productId: 'LAPTOP', range: { first: 'R-0098', count: 3 }, lot: 'L1' })
      .expect(200)
      .expect(({ body }) =>
        expect(body.serials.map((s: { serialNumber: string }) => s.serialNumber)).toEqual([
          'R-0098',
          'R-0099',
          'R-0100',
        ]),
      );
    expect(await state('R-0100')).toMatchObject({ status: 'out_of_stock', lot: 'L1', locationId: null });
    await receive([], { serialNumbers: undefined, range: { first: 'R-0099', count: 2 } }).expect(200);
    expect(await state('R-0100')).toMatchObject({ status: 'available', locationId: 'WH/Stock' });
  });

  it('transfers, reserves, releases and scraps', async () => {
    await receive(['T-1', 'T-2']).expect(200);
    await operator()
      .post('/v1/serials/transfer', {
        productId: 'LAPTOP',
        serialNumbers: ['T-1', 'T-2'],
        fromLocationId: 'WH/Stock',
        toLocationId: 'WH/Shelf-2',
      })
      .expect(200);
    await operator()
      .post('/v1/serials/reserve', {
        productId: 'LAPTOP',
        serialNumbers: ['T-1'],
        reference: 'SO-1',
        locationId: 'WH/Shelf-2',
      })
      .expect(200);
    expect(await state('T-1')).toMatchObject({ status: 'reserved', reservedFor: 'SO-1' });
    const again = await operator()
      .post('/v1/serials/reserve', { productId: 'LAPTOP', serialNumbers: ['T-1'], reference: 'SO-1' })
      .expect(200);
    expect(await eventTypes('T-1')).toEqual(['SerialReceived', 'SerialTransferred', 'SerialReserved']);
    expect(again.body.serials[0].status).toBe('reserved');
    await deliver(['T-1'], { fromLocationId: 'WH/Shelf-2', reference: 'SO-2' })
      .expect(409)
      .expect(({ body }) => expect(body).toMatchObject({ code: 'SERIAL_RESERVED', serialNumbers: ['T-1'] }));
    await operator()
      .post('/v1/serials/release', { productId: 'LAPTOP', serialNumbers: ['T-1', 'T-2'], reference: 'SO-1' })
      .expect(200);
    expect(await state('T-1')).toMatchObject({ status: 'available', reservedFor: null });
    await operator()
      .post('/v1/serials/scrap', {
        productId: 'LAPTOP',
        serialNumbers: ['T-2'],
        fromLocationId: 'WH/Shelf-2',
        reason: 'dropped',
      })
      .expect(200);
    expect(await state('T-2')).toMatchObject({ status: 'out_of_stock', locationId: 'Virtual/Scrap' });
  });

  it('adjusts found and lost serials through Virtual/Adjustment', async () => {
    const adjust = (direction: string) =>
      operator().post('/v1/serials/adjust', {
        productId: 'LAPTOP',
        serialNumber: 'A-1',
        locationId: 'WH/Stock',
        direction,
        reason: 'count',
      });
    await adjust('lost')
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('SERIAL_NOT_FOUND'));
    await adjust('found').expect(200);
    await adjust('found')
      .expect(409)
      .expect(({ body }) => expect(body.code).toBe('SERIAL_ALREADY_EXISTS'));
    await adjust('lost').expect(200);
    expect(await state('A-1')).toMatchObject({ status: 'out_of_stock', locationId: 'Virtual/Adjustment' });
  });

  it('corrects a receipt typo and a delivery mix-up atomically, both histories naming the reason', async () => {
    await receive(['TYPO-1']).expect(200);
    await operator()
      .post('/v1/serials/correct', {
        productId: 'LAPTOP',
        wrongSerialNumber: 'TYPO-1',
        correctSerialNumber: 'TYPO-I',
        locationId: 'WH/Stock',
        reason: 'typed 1 for I',
      })
      .expect(200);
    expect(await state('TYPO-1')).toMatchObject({ locationId: 'Virtual/Adjustment', status: 'out_of_stock' });
    expect(await state('TYPO-I')).toMatchObject({ locationId: 'WH/Stock', status: 'available' });

    await receive(['MIX-A', 'MIX-B']).expect(200);
    await deliver(['MIX-A'], { customerId: 'C9' }).expect(200);
    await operator()
      .post('/v1/serials/correct', {
        productId: 'LAPTOP',
        wrongSerialNumber: 'MIX-A',
        correctSerialNumber: 'MIX-B',
        locationId: 'Partners/Customers',
        reason: 'picked the wrong box',
      })
      .expect(200);
    expect(await state('MIX-A')).toMatchObject({
      locationId: 'WH/Stock',
      status: 'available',
      customerId: null,
      warranty: null,
    });
    expect(await state('MIX-B')).toMatchObject({
      locationId: 'Partners/Customers',
      customerId: 'C9',
      warranty: { active: true },
    });
    const history = (await auditor().get('/v1/products/LAPTOP/serials/MIX-B/events').expect(200)).body.items;
    expect(history.find((e: { type: string }) => e.type === 'SerialCorrectedIn').data.reason).toBe(
      'picked the wrong box',
    );
  });

  it('sets a warranty and refuses one that ends before it starts', async () => {
    await receive(['W-1']).expect(200);
    const body = {
      productId: 'LAPTOP',
      serialNumber: 'W-1',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2030-01-01T00:00:00Z',
    };
    await operator().post('/v1/serials/warranty', body).expect(200);
    expect((await state('W-1')).warranty).toEqual({
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2030-01-01T00:00:00Z',
      active: true,
    });
    await operator()
      .post('/v1/serials/warranty', { ...body, endsAt: '2025-01-01T00:00:00Z' })
      .expect(400)
      .expect(({ body: problem }) =>
        expect(problem.errors).toEqual([{ field: 'endsAt', message: expect.any(String) }]),
      );
  });

  describe('rules, each with its stable code and every offending serial', () => {
    it.each([
      [
        'SERIAL_NOT_AT_LOCATION',
        409,
        () => deliver(['E-1', 'E-2'], { fromLocationId: 'WH/Shelf-2' }),
        ['E-1', 'E-2'],
      ],
      ['SERIAL_ALREADY_EXISTS', 409, () => receive(['E-1', 'E-NEW', 'E-2']), ['E-1', 'E-2']],
      ['SERIAL_NOT_FOUND', 409, () => deliver(['E-404', 'E-1']), ['E-404']],
      ['DUPLICATE_IN_REQUEST', 422, () => receive(['E-3', 'E-3']), ['E-3']],
      [
        'SERIAL_NOT_DELIVERED_TO_CUSTOMER',
        409,
        () =>
          operator().post('/v1/serials/return', {
            productId: 'LAPTOP',
            serialNumbers: ['E-1'],
            customerId: 'C1',
            toLocationId: 'WH/Stock',
          }),
        ['E-1'],
      ],
      [
        'INVALID_LOCATION_TYPE',
        422,
        () => receive(['E-5'], { toLocationId: 'Partners/Customers' }),
        undefined,
      ],
      ['LOCATION_NOT_FOUND', 422, () => receive(['E-5'], { toLocationId: 'WH/Nowhere' }), undefined],
      ['PRODUCT_NOT_FOUND', 422, () => receive(['E-5'], { productId: 'NOPE' }), undefined],
      ['PRODUCT_NOT_SERIAL_TRACKED', 422, () => receive(['E-5'], { productId: 'SCREWS' }), undefined],
    ])('%s', async (code, status, send, serialNumbers) => {
      await receive(['E-1', 'E-2']);
      await t.as(['admin']).post('/v1/products', {
        id: 'SCREWS',
        sku: 'S',
        name: 'Screws',
        type: 'consumable',
        tracking: 'none',
      });
      const before = await t.as(['auditor']).get('/v1/audit/events?fromPosition=0&limit=1000');
      const response = await send().expect(status).expect('content-type', PROBLEM_JSON);
      expect(response.body).toMatchObject({ code, status });
      if (serialNumbers) expect(response.body.serialNumbers).toEqual(serialNumbers);
      const after = await t.as(['auditor']).get('/v1/audit/events?fromPosition=0&limit=1000');
      expect(after.body.items.length).toBe(before.body.items.length);
    });

    it('names each serial with its own rule when they break different ones', async () => {
      await receive(['MIXED-1']).expect(200);
      await operator()
        .post('/v1/serials/reserve', { productId: 'LAPTOP', serialNumbers: ['MIXED-1'], reference: 'SO-7' })
        .expect(200);
      const { body } = await deliver(['MIXED-1', 'MIXED-404']).expect(409);
      expect(body.serialNumbers).toEqual(['MIXED-1', 'MIXED-404']);
      expect(body.errors).toEqual([
        expect.objectContaining({ field: 'serialNumbers', serialNumber: 'MIXED-1', code: 'SERIAL_RESERVED' }),
        expect.objectContaining({
          field: 'serialNumbers',
          serialNumber: 'MIXED-404',
          code: 'SERIAL_NOT_FOUND',
        }),
      ]);
    });
  });

  describe('input validation', () => {
    it.each([
      [
        'an unknown field',
        { productId: 'LAPTOP', serialNumbers: ['V-1'], toLocationId: 'WH/Stock', colour: 'red' },
        'colour',
      ],
      [
        'an ill-shaped id',
        { productId: 'LAP TOP', serialNumbers: ['V-1'], toLocationId: 'WH/Stock' },
        'productId',
      ],
      [
        'a control character in a serial',
        { productId: 'LAPTOP', serialNumbers: ['V\u0007'], toLocationId: 'WH/Stock' },
        'serialNumbers',
      ],
      [
        'a bidi override in a serial',
        { productId: 'LAPTOP', serialNumbers: ['V\u202e1'], toLocationId: 'WH/Stock' },
        'serialNumbers',
      ],
      [
        'a 129-character serial',
        { productId: 'LAPTOP', serialNumbers: ['x'.repeat(129)], toLocationId: 'WH/Stock' },
        'serialNumbers',
      ],
      ['no serials at all', { productId: 'LAPTOP', toLocationId: 'WH/Stock' }, 'serialNumbers'],
      [
        'both serials and a range',
        {
          productId: 'LAPTOP',
          serialNumbers: ['V-1'],
          range: { first: 'V-1', count: 2 },
          toLocationId: 'WH/Stock',
        },
        'serialNumbers',
      ],
      [
        'a range without digits',
        { productId: 'LAPTOP', range: { first: 'ABC', count: 2 }, toLocationId: 'WH/Stock' },
        'range.first',
      ],
      [
        '10,001 serials',
        { productId: 'LAPTOP', serialNumbers: serials('V', 10_001), toLocationId: 'WH/Stock' },
        'serialNumbers',
      ],
    ])('rejects %s with 400 VALIDATION_FAILED naming the field', async (_name, body, field) => {
      const response = await operator()
        .post('/v1/serials/receive', body)
        .expect(400)
        .expect('content-type', PROBLEM_JSON);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('trims surrounding whitespace and keeps case', async () => {
      const { body } = await receive(['  Trim-Me  ']).expect(200);
      expect(body.serials[0].serialNumber).toBe('Trim-Me');
    });
  });

  describe('roles', () => {
    it('needs a token and the operator role for commands', async () => {
      await t
        .http()
        .post('/v1/serials/receive')
        .send({})
        .expect(401)
        .expect(({ body }) => expect(body.code).toBe('UNAUTHENTICATED'));
      await t
        .as(['reporter'])
        .post('/v1/serials/receive', {})
        .expect(403)
        .expect(({ body }) => expect(body.code).toBe('FORBIDDEN'));
      await t
        .as(['admin'])
        .post('/v1/serials/receive', {
          productId: 'LAPTOP',
          serialNumbers: ['ADM-1'],
          toLocationId: 'WH/Stock',
        })
        .expect(200);
    });

    it('keeps the audit routes for auditors and admins', async () => {
      await t.as(['reporter']).get('/v1/audit/events').expect(403);
      await t.as(['operator']).get('/v1/products/LAPTOP/serials/ADM-1/verify').expect(403);
      await t.as(['admin']).get('/v1/products/LAPTOP/serials/ADM-1/verify').expect(200);
    });
  });
});
