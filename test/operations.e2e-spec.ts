import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

describe('operations (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
  });
  afterAll(() => t?.close());

  it('serves Prometheus metrics without a token: commands by route and outcome, projection lag', async () => {
    const receive = { productId: 'LAPTOP', serialNumbers: ['M-1'], toLocationId: 'WH/Stock' };
    await t.as(['operator']).post('/v1/serials/receive', receive).expect(200);
    await t.as(['operator']).post('/v1/serials/receive', receive).expect(409);

    const { text, headers } = await t.http().get('/metrics').expect(200);
    expect(headers['content-type']).toMatch(/^text\/plain/);
    expect(text).toMatch(/serial_commands_total\{command="POST \/v1\/serials\/receive",outcome="ok"\} 1/);
    expect(text).toMatch(
      /serial_commands_total\{command="POST \/v1\/serials\/receive",outcome="SERIAL_ALREADY_EXISTS"\} 1/,
    );
    expect(text).toMatch(
      /serial_command_duration_seconds_bucket\{le="[^"]+",command="POST \/v1\/serials\/receive",outcome="ok"\}/,
    );
    expect(text).toMatch(/projection_lag_events\{projection="serials"\} \d+/);
    expect(text).toMatch(/projection_batch_duration_seconds_count [1-9]\d*/);
    expect(text).toMatch(/projection_events_total [1-9]\d*/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect(text).toMatch(/event_store_group_commit_appends_count [1-9]\d*/);
  });
});
