/**
 * `action` over every item with at most `limit` running at once; results in item order. A batch command
 * reads thousands of streams: one call each, but not thousands of open gRPC streams at once.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  action: (item: T) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Concurrency ${limit} is not a count`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await action(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * `work`, or the error of `onTimeout` once `ms` have passed. The work is not cancelled; the caller
 * releases what it holds. Without this, a start-up check against a host that drops packets (or a
 * discovery that retries) could hang for minutes instead of failing with a clear message.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
