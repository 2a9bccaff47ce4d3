import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app';
import { signToken } from '@serial/runtime';

const PROBLEM_JSON = /^application\/problem\+json/;
const GS = '\u001d';
const GTIN = '09506000134352';
const FULL = { serialNumber: 'SN-1', gtin: GTIN, lot: 'LOT7', expiry: '2026-12-31' };

describe('POST /v1/scan (e2e)', () => {
  let t: TestApp;
  const scan = (code: unknown, roles: Parameters<TestApp['as']>[0] = ['operator']) =>
    t.as(roles).post('/v1/scan', { code });

  let productPosition: string;

  beforeAll(async () => {
    t = await startTestApp();
    // Registered with the GTIN-13 form: a scan carries the GTIN-14 form of the same number.
    await t
      .as(['admin'])
      .post('/v1/products', {
        id: 'SCANNER',
        sku: 'SC-1',
        name: 'Handheld scanner',
        type: 'storable',
        tracking: 'serial',
        gtin: '9506000134352',
      })
      .expect(201)
      .then(({ body }) => (productPosition = body.position));
  });
  afterAll(() => t.close());

  it.each([
    ['GS1-128 with ]C1 and FNC1 as GS', `]C101${GTIN}17261231` + `10LOT7${GS}21SN-1`],
    ['GS1 DataMatrix with ]d2', `]d201${GTIN}21SN-1${GS}10LOT7${GS}17261231`],
    ['bracketed human-readable form', `(01)${GTIN}(17)261231(10)LOT7(21)SN-1`],
    ['element string without symbology identifier', `01${GTIN}17261231` + `10LOT7${GS}21SN-1`],
    ['GS1 Digital Link URL', `https://id.gs1.org/01/${GTIN}/10/LOT7/21/SN-1?17=261231`],
    ['Digital Link on a custom domain', `https://scan.example.com/p/01/${GTIN}/10/LOT7/21/SN-1?17=261231`],
  ])('reads a %s', async (_form, code) => {
    const { body } = await scan(code).expect(200);
    expect(body).toMatchObject(FULL);
  });

  it('names the product whose GTIN matches, once the read models hold it', async () => {
    const { body } = await scan(`(01)${GTIN}(21)SN-2`).set('X-Min-Position', productPosition).expect(200);
    expect(body).toEqual({ serialNumber: 'SN-2', gtin: GTIN, productId: 'SCANNER', serial: null });
    const other = await scan('(01)00012345600012(21)SN-3').expect(200);
    expect(other.body).toEqual({ serialNumber: 'SN-3', gtin: '00012345600012' });
  });

  it("answers the serial's current view when it knows the product and the serial, reading its own writes", async () => {
    const { body: received } = await t
      .as(['operator'])
      .post('/v1/serials/receive', {
        productId: 'SCANNER',
        serialNumbers: ['SN-40'],
        toLocationId: 'WH/Stock',
      })
      .expect(200);
    const { body } = await scan(`(01)${GTIN}(21)SN-40`).set('X-Min-Position', received.position).expect(200);
    expect(body).toMatchObject({
      productId: 'SCANNER',
      serial: { productId: 'SCANNER', serialNumber: 'SN-40', state: 'in_stock', locationId: 'WH/Stock' },
    });
    const { body: plain } = await scan('SN-40').expect(200);
    expect(plain).toEqual({ serialNumber: 'SN-40' });
  });

  it('returns a plain code as the serial, trimmed, with no other field', async () => {
    await scan('  SN-12345\r\n').expect(200, { serialNumber: 'SN-12345' });
  });

  it('answers 400 VALIDATION_FAILED for a GTIN with a wrong check digit, in any form', async () => {
    for (const code of [
      `(01)09506000134353(17)261231(10)LOT7(21)SN-1`,
      `]C10109506000134353` + `21SN-1`,
      'https://id.gs1.org/01/09506000134353/21/SN-1',
    ]) {
      const response = await scan(code).expect(400).expect('Content-Type', PROBLEM_JSON);
      expect(response.body).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'code', message: expect.stringMatching(/check digit/) }],
      });
    }
  });

  it('answers 400 for a GS1 code without a serial number, or a malformed one', async () => {
    const noSerial = await scan(`(01)${GTIN}(17)261231(10)LOT7`).expect(400);
    expect(noSerial.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'code' }] });
    expect(noSerial.body.errors[0].message).toMatch(/AI 21/);
    await scan(`(01)${GTIN}(17)261332(21)SN-1`).expect(400);
    await scan('https://example.com/not/a/digital/link').expect(400);
  });

  it('validates the body: code required, a string of 1-512 characters, nothing else', async () => {
    for (const body of [{}, { code: '' }, { code: '   ' }, { code: 42 }, { code: 'x'.repeat(513) }]) {
      const response = await t.as(['operator']).post('/v1/scan', body).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    await t.as(['operator']).post('/v1/scan', { code: 'SN-1', extra: true }).expect(400);
  });

  it('needs a token (401) with the operator role (403)', async () => {
    const noToken = await t.http().post('/v1/scan').send({ code: 'SN-1' }).expect(401);
    expect(noToken.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const reporter = await scan('SN-1', ['reporter']).expect(403);
    expect(reporter.body).toMatchObject({ code: 'FORBIDDEN' });
    await scan('SN-1', ['admin']).expect(200);
    const forged = signToken(`${TEST_SECRET}-other`, { sub: 'x', roles: ['operator'] }, '1h');
    await t
      .http()
      .post('/v1/scan')
      .set('Authorization', `Bearer ${forged}`)
      .send({ code: 'SN-1' })
      .expect(401);
  });
});
