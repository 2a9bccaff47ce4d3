import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

const enc = encodeURIComponent;

/**
 * A clerk's day on bins (README walk-through): create a zone and a bin under WH/Stock, receive onto the
 * bin, see the zone's and the warehouse's stock, deliver "from WH/Stock", and the history names the bin.
 */
describe('location trees (e2e)', () => {
  let t: TestApp;
  let position = '0';
  const admin = () => t.as(['admin']);
  const operator = () => t.as(['operator']);
  const read = (url: string) => t.as(['reporter']).get(url).set('X-Min-Position', position);
  beforeAll(async () => {
    t = await startTestApp();
    await admin().post('/v1/products', LAPTOP).expect(201);
  });
  afterAll(() => t?.close());

  it('runs the clerk story: bins, a subtree stock report, a delivery from the warehouse naming the bin', async () => {
    const zone = await admin()
      .post('/v1/locations', { id: 'WH/Stock/A', name: 'Zone A', type: 'internal', parentId: 'WH/Stock' })
      .expect(201);
    expect(zone.body).toMatchObject({ parentId: 'WH/Stock', path: ['WH/Stock', 'WH/Stock/A'] });
    const bin = await admin()
      .post('/v1/locations', {
        id: 'WH/Stock/A/01',
        name: 'Bin A-01',
        type: 'internal',
        parentId: 'WH/Stock/A',
      })
      .expect(201);
    expect(bin.body.path).toEqual(['WH/Stock', 'WH/Stock/A', 'WH/Stock/A/01']);

    const receipt = await operator()
      .post('/v1/serials/receive', {
        productId: 'LAPTOP',
        serialNumbers: ['SN-1', 'SN-2', 'SN-3'],
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock/A/01',
      })
      .expect(200);
    position = receipt.body.position;

    const zoneStock = await read(`/v1/reports/stock?locationId=${enc('WH/Stock/A')}&includeChildren=true`);
    expect(zoneStock.body.items).toEqual([
      { productId: 'LAPTOP', locationId: 'WH/Stock/A/01', available: 3, reserved: 0, onHand: 3 },
    ]);
    const warehouse = await read(
      `/v1/reports/stock?locationId=${enc('WH/Stock')}&includeChildren=true&groupBy=product`,
    ).expect(200);
    expect(warehouse.body.items).toEqual([
      { productId: 'LAPTOP', locationId: 'WH/Stock', available: 3, reserved: 0, onHand: 3 },
    ]);
    const exact = await read(`/v1/reports/stock?locationId=${enc('WH/Stock')}`).expect(200);
    expect(exact.body.items).toEqual([]);
    const listed = await read(
      `/v1/serials?locationId=${enc('WH/Stock')}&includeChildren=true&limit=2`,
    ).expect(200);
    expect(listed.body.items.map((s: { serialNumber: string }) => s.serialNumber)).toEqual(['SN-1', 'SN-2']);
    expect(listed.body.items[0].locationPath).toEqual(['WH/Stock', 'WH/Stock/A', 'WH/Stock/A/01']);
    expect(listed.body.nextCursor).toEqual(expect.any(String));

    const delivery = await operator()
      .post('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: ['SN-1'],
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        customerId: 'CUST-1',
      })
      .expect(200);
    position = delivery.body.position;
    const history = await read(`/v1/products/LAPTOP/serials/SN-1/history`).expect(200);
    expect(history.body.items.find((e: { type: string }) => e.type === 'SerialDelivered')).toMatchObject({
      fromLocationId: 'WH/Stock/A/01',
      toLocationId: 'Partners/Customers',
    });
    const state = await t.as(['auditor']).get('/v1/products/LAPTOP/serials/SN-2/state').expect(200);
    expect(state.body.locationPath).toEqual(['WH/Stock', 'WH/Stock/A', 'WH/Stock/A/01']);
  });

  it('counts one zone: a serial outside the zone is named, nothing is written', async () => {
    await admin()
      .post('/v1/locations', { id: 'WH/Stock/B', name: 'Zone B', type: 'internal', parentId: 'WH/Stock' })
      .expect(201);
    const moved = await operator()
      .post('/v1/serials/transfer', {
        productId: 'LAPTOP',
        serialNumbers: ['SN-3'],
        fromLocationId: 'WH/Stock/A',
        toLocationId: 'WH/Stock/B',
      })
      .expect(200);
    position = moved.body.position;
    await operator()
      .post('/v1/serials/scrap', {
        productId: 'LAPTOP',
        serialNumbers: ['SN-2', 'SN-3'],
        fromLocationId: 'WH/Stock/A',
        reason: 'count',
      })
      .expect(409)
      .expect(({ body }) =>
        expect(body).toMatchObject({ code: 'SERIAL_NOT_AT_LOCATION', serialNumbers: ['SN-3'] }),
      );
    const zoneA = await read(`/v1/serials?locationId=${enc('WH/Stock/A')}&includeChildren=true`).expect(200);
    expect(zoneA.body.items.map((s: { serialNumber: string }) => s.serialNumber)).toEqual(['SN-2']);
  });

  it('renames a location, lists children, and refuses an unknown parent, a parent of another type, a bad flag', async () => {
    const renamed = await admin()
      .patch(`/v1/locations/${enc('WH/Stock/A')}`, { name: 'Zone A (cold)' })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'Zone A (cold)', path: ['WH/Stock', 'WH/Stock/A'] });
    position = renamed.body.position;
    const children = await read(`/v1/locations?parentId=${enc('WH/Stock')}`).expect(200);
    expect(children.body.items.map((l: { id: string }) => l.id)).toEqual(['WH/Stock/A', 'WH/Stock/B']);

    await admin()
      .post('/v1/locations', { id: 'WH/Stock/Z/01', name: 'Z', type: 'internal', parentId: 'WH/Stock/Z' })
      .expect(422)
      .expect(({ body }) => expect(body.code).toBe('LOCATION_NOT_FOUND'));
    await admin()
      .post('/v1/locations', { id: 'Site/1', name: 'Site', type: 'customer', parentId: 'WH/Stock' })
      .expect(422)
      .expect(({ body }) => expect(body.code).toBe('INVALID_LOCATION_PARENT'));
    await admin()
      .patch(`/v1/locations/${enc('WH/Nowhere')}`, { name: 'N' })
      .expect(404);
    await admin()
      .patch(`/v1/locations/${enc('WH/Stock/A')}`, { parentId: 'WH/Stock/B' })
      .expect(400);
    await read('/v1/serials?locationId=WH&includeChildren=yes').expect(400);
    await read('/v1/reports/stock?groupBy=bin').expect(400);
  });

  it("checks a product's serial format: bad patterns refused, new serials that do not match named at once", async () => {
    await admin()
      .post('/v1/products', { ...LAPTOP, id: 'PHONE', serialFormat: '(a+)+' })
      .expect(400)
      .expect(({ body }) => expect(body.detail).toMatch(/catastrophic backtracking/));
    await admin()
      .post('/v1/products', { ...LAPTOP, id: 'PHONE', serialFormat: '[' })
      .expect(400);
    const phone = await admin()
      .post('/v1/products', { ...LAPTOP, id: 'PHONE', serialFormat: 'PH-\\d{4}' })
      .expect(201);
    expect(phone.body.serialFormat).toBe('PH-\\d{4}');
    await operator()
      .post('/v1/serials/register', { productId: 'PHONE', serialNumbers: ['PH-0001', 'ph-0002', 'PH-03'] })
      .expect(400)
      .expect(({ body }) =>
        expect(body).toMatchObject({ code: 'VALIDATION_FAILED', serialNumbers: ['ph-0002', 'PH-03'] }),
      );
    await operator()
      .post('/v1/serials/register', { productId: 'PHONE', serialNumbers: ['PH-0001'] })
      .expect(200);
    const cleared = await admin().patch('/v1/products/PHONE', { serialFormat: null }).expect(200);
    expect(cleared.body.serialFormat).toBeNull();
    await operator()
      .post('/v1/serials/register', { productId: 'PHONE', serialNumbers: ['ph-0002'] })
      .expect(200);
  });
});
