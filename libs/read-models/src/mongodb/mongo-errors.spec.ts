import { StoreUnavailableError } from '@serial/event-store';
import { clientOptions, supportsTransactions } from './deployment';
import { connectError, invalidUriError, isUnavailable, toStoreError } from './mongo-errors';

const driverError = (name: string, message: string, code?: number) =>
  Object.assign(new Error(message), { name, ...(code === undefined ? {} : { code }) });

describe('MongoDB errors and deployment', () => {
  it('turns "cannot reach a usable server" into StoreUnavailableError, and leaves other errors alone', () => {
    const network = driverError('MongoNetworkError', 'connection reset');
    const steppedDown = driverError('MongoServerError', 'not primary', 10107);
    const duplicate = driverError('MongoServerError', 'E11000 duplicate key', 11000);

    expect(toStoreError(network)).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError(steppedDown)).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError(duplicate)).toBe(duplicate);
    expect(isUnavailable('a string')).toBe(false);
  });

  it('explains a server nobody answers for within the timeout', () => {
    const error = connectError(
      driverError('MongoServerSelectionError', 'connect ECONNREFUSED 127.0.0.1:1'),
      10_000,
    );

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toBe(
      'Cannot use the MongoDB server of MONGODB_URI: no usable server answered within 10000 ms ' +
        '(connect ECONNREFUSED 127.0.0.1:1); is it running and reachable from here?',
    );
  });

  it('says that credentials were refused, and quotes nothing a password could be part of', () => {
    const refused = connectError(driverError('MongoServerError', 'Authentication failed.', 18), 10_000);
    const unparsable = connectError(driverError('MongoParseError', 'Invalid port "s3cret@x"'), 10_000);

    expect(refused.message).toMatch(/authentication failed; check the user and password in MONGODB_URI/);
    expect(unparsable.message).toBe(
      'Cannot use the MongoDB server of MONGODB_URI: it is not a valid MongoDB connection string: Invalid port text',
    );
    expect(invalidUriError(driverError('MongoRuntimeError', 'Unable to parse x with URL')).message).toMatch(
      /^Cannot use the MongoDB server of MONGODB_URI: it is not a valid MongoDB connection string/,
    );
  });

  it('bounds server selection and reads positions back as bigint', () => {
    expect(clientOptions(10_000)).toMatchObject({
      serverSelectionTimeoutMS: 10_000,
      connectTimeoutMS: 10_000,
      useBigInt64: true,
    });
  });

  it('uses transactions on a replica set or through mongos, not on a standalone server', () => {
    expect(supportsTransactions({ isWritablePrimary: true, setName: 'rs0' })).toBe(true);
    expect(supportsTransactions({ isWritablePrimary: true, msg: 'isdbgrid' })).toBe(true);
    expect(supportsTransactions({ isWritablePrimary: true })).toBe(false);
  });
});
