import type { RecordedEvent } from '@serial/event-store';
import { FeedClient, type FeedLimits, type FeedOutput, type FeedSource } from './feed-client';
import { FeedBatch, FeedFilter, FeedFrame } from './feed-frame';

const event = (position: number, streamId = 'serial-LAPTOP:SN-1'): RecordedEvent => ({
  eventId: `e${position}`,
  streamId,
  revision: 0,
  position: BigInt(position),
  type: 'SerialReceived',
  data: { productId: 'LAPTOP' },
  metadata: {},
  recordedAt: new Date(0),
});

/** A store of events 1..head and a hub that hands out batches when the test says so. */
class FakeHub implements FeedSource {
  position = 0n;
  readonly stored: RecordedEvent[] = [];
  readonly reads: bigint[] = [];
  private release: (() => void) | undefined;
  gate: Promise<void> | undefined;

  append(count: number): RecordedEvent[] {
    const from = this.stored.length + 1;
    const added = Array.from({ length: count }, (_, i) => event(from + i));
    this.stored.push(...added);
    return added;
  }

  /** The hub's subscription delivers events it has not handed out yet. */
  fanOut(client: FeedClient, events: RecordedEvent[]): void {
    this.position = events[events.length - 1].position;
    client.push(new FeedBatch(events.map((e) => new FeedFrame(e))));
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
    this.gate = undefined;
  }

  async readPage(after: bigint, limit: number): Promise<readonly RecordedEvent[]> {
    this.reads.push(after);
    await this.gate;
    return this.stored.filter((e) => e.position > after).slice(0, limit);
  }

  remove(): void {}
}

class Output implements FeedOutput {
  text = '';
  ended = false;
  readonly chunks: (string | Buffer)[] = [];
  write(chunk: string | Buffer): boolean {
    this.chunks.push(chunk);
    this.text += chunk.toString();
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.ended = true;
  }
  on(): this {
    return this;
  }
  ids(): number[] {
    return [...this.text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
  }
}

/** A socket whose buffer is full from the first write on: every later chunk waits in the feed. */
class BlockedOutput extends Output {
  override write(chunk: string | Buffer): boolean {
    super.write(chunk);
    return false;
  }
}

const limits: FeedLimits = {
  keepAliveMs: 60_000,
  pageSize: 3,
  maxQueuedEvents: 50,
  maxQueuedBytes: 1 << 20,
  maxPendingEvents: 4,
};
const all = new FeedFilter(null, null);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a feed catching up, then live', () => {
  let client: FeedClient | undefined;
  afterEach(() => client?.close(false));

  it('joins the live batches that came during its catch-up without gap or duplicate', async () => {
    const hub = new FakeHub();
    hub.fanOut({ push: () => undefined } as unknown as FeedClient, hub.append(10));
    const out = new Output();
    hub.hold();
    client = new FeedClient(out, all, 2n, hub, limits);
    const caughtUp = client.catchUp();
    // While its first page is being read, the store gets 11-12 and the hub hands them out.
    hub.fanOut(client, hub.append(2));
    hub.open();
    await caughtUp;
    expect(client.isLive).toBe(true);
    hub.fanOut(client, hub.append(2));
    expect(out.ids()).toEqual(range(3, 14));
  });

  it('drops an overflowing backlog and reads it from the store instead', async () => {
    const hub = new FakeHub();
    hub.fanOut({ push: () => undefined } as unknown as FeedClient, hub.append(5));
    const out = new Output();
    hub.hold();
    client = new FeedClient(out, all, 0n, hub, limits);
    const caughtUp = client.catchUp();
    for (let i = 0; i < 4; i++) hub.fanOut(client, hub.append(2));
    hub.open();
    await caughtUp;
    hub.fanOut(client, hub.append(1));
    expect(out.ids()).toEqual(range(1, 14));
    // It read on past where the hub stood when it registered (5), up to the overflow point.
    expect(hub.reads.at(-1)).toBeGreaterThan(5n);
  });

  it('passes over what it is not asked for, and never sends webhook definitions', async () => {
    const hub = new FakeHub();
    const out = new Output();
    client = new FeedClient(out, new FeedFilter(new Set(['SerialReceived']), 'LAPTOP'), 0n, hub, limits);
    await client.catchUp();
    hub.fanOut(client, [
      event(1),
      event(2, 'webhook-erp'),
      { ...event(3), data: { productId: 'DRILL' } },
      event(4),
    ]);
    expect(out.ids()).toEqual([1, 4]);
  });

  it('writes one batch to every unfiltered live feed as the same bytes, encoded once', async () => {
    const hub = new FakeHub();
    const outputs = [new Output(), new Output()];
    const clients = outputs.map((out) => new FeedClient(out, all, 0n, hub, limits));
    const filtered = new Output();
    const laptops = new FeedClient(filtered, new FeedFilter(null, 'LAPTOP'), 0n, hub, limits);
    await Promise.all([...clients, laptops].map((feed) => feed.catchUp()));
    const batch = new FeedBatch(
      [event(1), event(2, 'webhook-erp'), { ...event(3), data: { productId: 'DRILL' } }].map(
        (e) => new FeedFrame(e),
      ),
    );
    for (const feed of [...clients, laptops]) feed.push(batch);
    const [first, second] = outputs.map((out) => out.chunks.at(-1));
    expect(first).toBeInstanceOf(Buffer);
    expect(second).toBe(first);
    expect(outputs.map((out) => out.ids())).toEqual([
      [1, 3],
      [1, 3],
    ]);
    expect(filtered.ids()).toEqual([1]);
    [...clients, laptops].forEach((feed) => feed.close(false));
  });

  it('counts the events of a shared batch against the backlog bound of a blocked feed', async () => {
    const hub = new FakeHub();
    const out = new BlockedOutput();
    client = new FeedClient(out, all, 0n, hub, { ...limits, maxQueuedEvents: 5 });
    await client.catchUp();
    hub.fanOut(client, hub.append(1));
    hub.fanOut(client, hub.append(3));
    await settle();
    expect(out.ended).toBe(false);
    hub.fanOut(client, hub.append(3));
    expect(out.ended).toBe(true);
    expect(out.ids()).toEqual([1]);
  });

  it('disconnects a live feed whose backlog passes the bound, rather than holding it', async () => {
    const hub = new FakeHub();
    const out = new BlockedOutput();
    client = new FeedClient(out, all, 0n, hub, { ...limits, maxQueuedEvents: 5 });
    await client.catchUp();
    hub.fanOut(client, hub.append(1));
    await settle();
    expect(out.ended).toBe(false);
    hub.fanOut(client, hub.append(6));
    expect(out.ended).toBe(true);
  });
});
