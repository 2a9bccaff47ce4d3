import { describeEventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * The contract suite against a real KurrentDB 25.1+, where one is reachable. Nothing stands in for the
 * server when it is not: the run says so and skips, and the mapping is covered by the unit specs.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING || undefined;

if (connectionString) {
  describeEventStoreContract('KurrentDbEventStore', async () => {
    const store = await KurrentDbEventStore.connect(connectionString);
    return { store, teardown: () => store.close() };
  });
} else {
  process.stdout.write(
    'SKIPPED kurrentdb contract suite: EVENTSTORE_CONNECTION_STRING is not set (no KurrentDB server on this machine)\n',
  );
  describe.skip('KurrentDbEventStore (EventStore contract)', () => {
    it('needs EVENTSTORE_CONNECTION_STRING naming a KurrentDB 25.1+ server', () => undefined);
  });
}
