import type { EventStore } from '../event-store.port';
import { describeAppendContract } from './append.contract';
import { describeReadContract } from './read.contract';
import { describeSubscriptionContract } from './subscription.contract';

export interface StoreFixture {
  readonly store: EventStore;
  readonly teardown?: () => Promise<void>;
}

/**
 * The behaviour every EventStore adapter must show. Tests only assume what the port promises: positions
 * increase strictly (not from 1, not without holes) and other streams may already hold data.
 */
export function describeEventStoreContract(name: string, factory: () => Promise<StoreFixture>): void {
  describe(`${name} (EventStore contract)`, () => {
    let fixture: StoreFixture | undefined;
    const store = () => {
      if (!fixture) throw new Error('The store fixture is not open');
      return fixture.store;
    };

    beforeEach(async () => {
      fixture = await factory();
    });

    afterEach(async () => {
      await fixture?.teardown?.();
      fixture = undefined;
    });

    describeAppendContract(store);
    describeReadContract(store);
    describeSubscriptionContract(store);
  });
}
