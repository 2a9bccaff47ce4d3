import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { takeTurn, TimeSlice } from './time-slice';

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Synchronous work, as deciding 10,000 serials is.
  }
}

describe('takeTurn', () => {
  let server: Server;
  let client: Socket;
  let order: string[];

  beforeEach(async () => {
    order = [];
    server = createServer((socket) => socket.on('data', () => order.push('request read')));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(client, 'connect');
  });

  afterEach(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Three pieces of work queued at once; the first sends a request, as a client would meanwhile. */
  async function threePieces(yieldWith: () => Promise<unknown>): Promise<void> {
    await Promise.all(
      ['first', 'second', 'third'].map(async (name) => {
        await yieldWith();
        if (name === 'first') client.write('GET /health');
        busyFor(15);
        order.push(name);
      }),
    );
    // The request is read at the latest in the next turn after the last piece.
    await nextTurn();
    await nextTurn();
  }

  it('given work queued by three callers, releases one per turn, so a request sent meanwhile is read before the next piece runs', async () => {
    await threePieces(takeTurn);
    expect(order).toEqual(['first', 'request read', 'second', 'third']);
  });

  it('(why: plain setImmediate runs all three in one check phase and reads the request after them)', async () => {
    await threePieces(() => nextTurn());
    expect(order).toEqual(['first', 'second', 'third', 'request read']);
  });

  it('TimeSlice is due after its time and starts a new slice on next()', async () => {
    const slice = new TimeSlice(5);
    expect(slice.due()).toBe(false);
    busyFor(6);
    expect(slice.due()).toBe(true);
    await slice.next();
    expect(slice.due()).toBe(false);
  });
});
