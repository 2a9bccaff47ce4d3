import { mapConcurrently, withDeadline } from './async-bounds';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('mapConcurrently', () => {
  it('keeps item order and never runs more than the limit at once', async () => {
    let running = 0;
    let mostAtOnce = 0;

    const results = await mapConcurrently([5, 1, 4, 2, 3, 0, 6], 3, async (ms) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(ms);
      running -= 1;
      return ms * 10;
    });

    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(mostAtOnce).toBe(3);
  });

  it('answers nothing for nothing and refuses a limit that is not a count', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
    await expect(mapConcurrently([1], 0, async () => 1)).rejects.toBeInstanceOf(RangeError);
  });

  it('fails with the first failure', async () => {
    const failure = new Error('read failed');

    await expect(
      mapConcurrently([1, 2, 3], 2, async (item) => {
        if (item === 2) throw failure;
        return item;
      }),
    ).rejects.toBe(failure);
  });
});

describe('withDeadline', () => {
  class TooSlow extends Error {}

  it('answers with the work when it is done in time', async () => {
    await expect(withDeadline(Promise.resolve('done'), 1000, () => new TooSlow())).resolves.toBe('done');
  });

  it('fails with the work failure when that comes first', async () => {
    const failure = new Error('refused');

    await expect(withDeadline(Promise.reject(failure), 1000, () => new TooSlow())).rejects.toBe(failure);
  });

  it('fails with the deadline error when the work never ends', async () => {
    const never = new Promise<never>(() => undefined);

    await expect(withDeadline(never, 20, () => new TooSlow())).rejects.toBeInstanceOf(TooSlow);
  });
});
