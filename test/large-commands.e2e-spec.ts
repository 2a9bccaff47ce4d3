import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { LAPTOP, serials, startTestApp, type TestApp } from './support/test-app';

describe('admission control for large commands (e2e)', () => {
  let t: TestApp;
  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const receive = (serialNumbers: string[]) =>
    t
      .as(['operator'])
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers, toLocationId: 'WH/Stock' });

  /** Holds the next command in the command bus until the returned function is called. */
  function holdNextCommand(): { release: () => void; started: Promise<void> } {
    const bus = t.app.get(CommandBus);
    const execute = bus.execute.bind(bus);
    let release!: () => void;
    let started!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = new Promise<void>((resolve) => (started = resolve));
    jest.spyOn(bus, 'execute').mockImplementationOnce(async (command) => {
      started();
      await gate;
      return execute(command);
    });
    return { release, started: running };
  }

  beforeAll(async () => {
    t = await startTestApp({ MAX_LARGE_COMMANDS: '1' });
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('refuses a large command past MAX_LARGE_COMMANDS with 429 and Retry-After, writing nothing', async () => {
    const held = holdNextCommand();
    const first = receive(serials('BIG-A', 5_000)).then((response) => response);
    await held.started;
    const before = await head();

    const second = await receive(serials('BIG-B', 1_001)).expect(429);
    expect(second.body.code).toBe('TOO_MANY_REQUESTS');
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    const byRange = await t
      .as(['operator'])
      .post('/v1/serials/register', { productId: 'LAPTOP', range: { first: 'BIG-C-0001', count: 2_000 } })
      .expect(429);
    expect(byRange.body.code).toBe('TOO_MANY_REQUESTS');
    expect(await head()).toBe(before);
    // Commands of up to 1,000 serials are not counted.
    await receive(serials('SMALL', 1_000)).expect(200);

    held.release();
    expect((await first).status).toBe(200);
    // The slot is free again.
    await receive(serials('BIG-B', 1_001)).expect(200);
  });

  it('counts a movement validation by the serials its lines name', async () => {
    const operator = t.as(['operator']);
    const lots = serials('MV', 1_001);
    await receive(lots).expect(200);
    await operator
      .post('/v1/movements', {
        id: 'MV-BIG',
        type: 'delivery',
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        partnerId: 'C-1',
        lines: [{ productId: 'LAPTOP', quantity: 1_001 }],
      })
      .expect(201);
    await operator.put('/v1/movements/MV-BIG/lines/0/serials', { serialNumbers: lots }).expect(200);

    const held = holdNextCommand();
    const other = receive(serials('HOLD', 1_001)).then((response) => response);
    await held.started;
    const refused = await operator.post('/v1/movements/MV-BIG/validate').expect(429);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    held.release();
    expect((await other).status).toBe(200);

    const validated = await operator.post('/v1/movements/MV-BIG/validate').expect(200);
    expect(validated.body.status).toBe('done');
  });
});
