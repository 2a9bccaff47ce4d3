import { PassThrough } from 'node:stream';
import { StoreUnavailableError, type RecordedEvent, type SubscribeOptions } from '../event-store.port';
import { deferred, sleep, waitUntil } from '../testing/contract-fixtures';
import { StreamedSubscription, type SubscriptionSource } from './streamed-subscription';

/** Stands in for the client's subscription stream only: our batching, ordering and stopping over it. */
function aSource(): PassThrough & SubscriptionSource & { unsubscribed: boolean } {
  const source = Object.assign(new PassThrough({ objectMode: true }), {
    unsubscribed: false,
    unsubscribe: async () => {
      source.unsubscribed = true;
    },
  });
  return source;
}

const at = (position: number) => ({ eventId: `e-${position}`, position: BigInt(position) }) as RecordedEvent;

function subscribe(source: SubscriptionSource, options: Partial<SubscribeOptions> = {}) {
  const batches: number[][] = [];
  const errors: unknown[] = [];
  let stopped = false;
  const subscription = new StreamedSubscription<RecordedEvent | { checkpoint: true }>({
    onEvents: async (batch) => void batches.push(batch.map((event) => Number(event.position))),
    onError: (error) => errors.push(error),
    ...options,
    open: () => source,
    toEvent: (item) => ('checkpoint' in item ? undefined : item),
    toError: (error) => new StoreUnavailableError('mapped', { cause: error }),
    onStopped: () => (stopped = true),
  });
  return { subscription, batches, errors, stopped: () => stopped };
}

describe('StreamedSubscription', () => {
  it('delivers what has arrived in order, in batches of at most batchSize', async () => {
    const source = aSource();
    [1, 2, 3, 4, 5].forEach((position) => source.write(at(position)));
    const { subscription, batches } = subscribe(source, { batchSize: 2 });

    await waitUntil(() => batches.flat().length === 5);
    source.write(at(8));
    await waitUntil(() => batches.flat().length === 6);
    await subscription.close();

    expect(batches).toEqual([[1, 2], [3, 4], [5], [8]]);
  });

  it('skips the event at `after`, items without an event, and anything already delivered', async () => {
    const source = aSource();
    [at(10), { checkpoint: true }, at(11), at(11), at(12)].forEach((item) => source.write(item));
    const { subscription, batches } = subscribe(source, { after: 10n });

    await waitUntil(() => batches.flat().length === 2);
    await sleep(30);
    await subscription.close();

    expect(batches.flat()).toEqual([11, 12]);
  });

  it('waits for each batch to be handled before taking the next', async () => {
    const source = aSource();
    const release = deferred();
    let handling = 0;
    let mostAtOnce = 0;
    const { subscription, batches } = subscribe(source, {
      batchSize: 1,
      onEvents: async (batch) => {
        handling += 1;
        mostAtOnce = Math.max(mostAtOnce, handling);
        await release.promise;
        batches.push(batch.map((event) => Number(event.position)));
        handling -= 1;
      },
    });
    [1, 2, 3].forEach((position) => source.write(at(position)));

    await sleep(30);
    expect(batches).toEqual([]);
    release.resolve();
    await waitUntil(() => batches.length === 3);
    await subscription.close();

    expect(mostAtOnce).toBe(1);
  });

  it('stops on a subscriber failure, reports it as it is and unsubscribes', async () => {
    const source = aSource();
    const failure = new Error('projection failed');
    const { errors, stopped } = subscribe(source, {
      onEvents: async () => {
        throw failure;
      },
    });
    source.write(at(1));

    await waitUntil(stopped);

    expect(errors).toEqual([failure]);
    expect(source.unsubscribed).toBe(true);
  });

  it('delivers what arrived before a stream error, then reports the error mapped', async () => {
    const source = aSource();
    const { batches, errors, stopped } = subscribe(source);
    source.write(at(1));
    await waitUntil(() => batches.length === 1);

    source.destroy(new Error('14 UNAVAILABLE'));
    await waitUntil(stopped);

    expect(errors).toEqual([expect.any(StoreUnavailableError)]);
    expect(batches.flat()).toEqual([1]);
  });

  it('reports a subscription the server ended as unavailable', async () => {
    const source = aSource();
    const { errors, stopped } = subscribe(source);

    source.end();
    await waitUntil(stopped);

    expect(errors).toEqual([expect.any(StoreUnavailableError)]);
  });

  it('reports a failure to open through onError', async () => {
    const errors: unknown[] = [];
    const failing = new StreamedSubscription({
      onEvents: async () => undefined,
      onError: (error) => errors.push(error),
      open: () => {
        throw new Error('closed');
      },
      toEvent: () => undefined,
      toError: (error) => new StoreUnavailableError('mapped', { cause: error }),
      onStopped: () => undefined,
    });

    await waitUntil(() => errors.length === 1);
    await failing.close();

    expect(errors).toEqual([expect.any(StoreUnavailableError)]);
  });

  it('closes after the batch in hand, without reporting, and delivers nothing more', async () => {
    const source = aSource();
    const release = deferred();
    let calls = 0;
    const { subscription, errors, stopped } = subscribe(source, {
      onEvents: async () => {
        calls += 1;
        await release.promise;
      },
    });
    source.write(at(1));
    await waitUntil(() => calls === 1);

    let closed = false;
    const closing = subscription.close().then(() => (closed = true));
    await sleep(30);
    expect(closed).toBe(false);
    release.resolve();
    await closing;
    source.write(at(2));
    await sleep(30);

    expect(calls).toBe(1);
    expect(errors).toEqual([]);
    expect(stopped()).toBe(true);
    expect(source.unsubscribed).toBe(true);
  });
});
