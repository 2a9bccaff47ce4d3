import { StoreUnavailableError } from '@serial/event-store';
import { MongoReadStore } from './mongo-read-store';

/** No server is needed to check that a missing one stops the store at once, with the reason. */
describe('MongoReadStore.connect without a server', () => {
  it('fails within its timeout, naming the variable and the cause', async () => {
    const started = Date.now();

    const connecting = MongoReadStore.connect('mongodb://127.0.0.1:1', 'serials', { connectTimeoutMs: 500 });

    await expect(connecting).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(connecting).rejects.toThrow(
      /^Cannot use the MongoDB server of MONGODB_URI: no usable server answered within 500 ms \(.*ECONNREFUSED.*\)/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects a URI that is not a MongoDB connection string without echoing it', async () => {
    const connecting = MongoReadStore.connect('mongodb://user:s3cret@host:notaport', 'serials');

    await expect(connecting).rejects.toThrow(
      /^Cannot use the MongoDB server of MONGODB_URI: it is not a valid/,
    );
    await expect(connecting).rejects.not.toThrow(/s3cret/);
  });
});
