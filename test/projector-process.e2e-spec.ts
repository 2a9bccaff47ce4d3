import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@serial/runtime';
import { ProjectorAppModule } from '../apps/projector/src/projector.module';
import { eventually } from './support/feed-clients';
import { LAPTOP, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';
import { newSecret, startReceiver } from './support/webhook-receiver';

/**
 * PROJECTOR=off: the api only reads the read models, and the projector app (its own event store and
 * read store handles on the same files, as another process would have) applies the events.
 */
describe('standalone projector (e2e)', () => {
  let api: TestApp;
  let projector: INestApplicationContext | undefined;

  beforeAll(async () => {
    api = await startTestApp({ PROJECTOR: 'off', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1' });
  });
  afterAll(async () => {
    await projector?.close();
    await api?.close();
  });

  it('keeps the read models and webhooks behind until the projector runs, then serves the writes', async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    await api
      .as(['admin'])
      .post('/v1/webhooks', { id: 'erp', url: receiver.url, secret, types: ['SerialReceived'] })
      .expect(201);
    await api.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    const { body } = await api
      .as(['operator'])
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: ['SP-1'], toLocationId: 'WH/Stock' })
      .expect(200);
    const { body: listing } = await api.as(['admin']).get('/v1/admin/projections').expect(200);
    expect(listing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'serials', checkpoint: '0', state: 'elsewhere' }),
      ]),
    );
    await api.as(['admin']).post('/v1/admin/projections/rebuild').expect(409);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.accepted).toEqual([]);

    const config = loadConfig({
      DATA_DIR: api.dataDir,
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1',
    });
    projector = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config), {
      logger: false,
    });
    await projector.init();

    const { body: view } = await api
      .as(['reporter'])
      .get('/v1/products/LAPTOP/serials/SP-1')
      .set('X-Min-Position', body.position)
      .expect(200);
    expect(view).toMatchObject({ status: 'available', locationId: 'WH/Stock' });
    // The deliveries run in the projector process, with the key the api sealed the secret with.
    await eventually(() => receiver.positions().includes(body.position), 'the delivery');
    expect(receiver.forged).toEqual([]);
    await receiver.close();
  });
});
