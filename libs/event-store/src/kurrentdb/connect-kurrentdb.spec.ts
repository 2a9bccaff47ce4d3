import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { StoreUnavailableError } from '../event-store.port';
import { connectKurrentDbEventStore } from './connect-kurrentdb';

/**
 * No KurrentDB here: these only check that start-up refuses quickly and clearly when there is no usable
 * server. What a real server answers is the contract suite's job (kurrentdb-event-store.int-spec.ts).
 */
describe('connectKurrentDbEventStore without a usable server', () => {
  it('refuses a port nobody listens on, quickly', async () => {
    const started = Date.now();

    const connecting = connectKurrentDbEventStore('kurrentdb://127.0.0.1:1?tls=false');

    await expect(connecting).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a connection string it cannot parse, without repeating the password', async () => {
    const connecting = connectKurrentDbEventStore('kurrentdb://admin:s3cr3t-pw@db:notaport?tls=false');

    await expect(connecting).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(connecting).rejects.not.toThrow(/s3cr3t/);
  });

  describe('against a host that accepts connections and never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();

    beforeAll(async () => {
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives up at the deadline instead of hanging', async () => {
      const { port } = server.address() as AddressInfo;
      const started = Date.now();

      const connecting = connectKurrentDbEventStore(`kurrentdb://127.0.0.1:${port}?tls=false`, {
        connectTimeoutMs: 300,
      });

      await expect(connecting).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});
