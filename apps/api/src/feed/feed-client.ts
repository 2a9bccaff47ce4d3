import type { RecordedEvent } from '@serial/event-store';
import { FeedFrame, type FeedBatch, type FeedFilter } from './feed-frame';

export interface FeedLimits {
  readonly keepAliveMs: number;
  /** Events read from the store at a time while catching up. */
  readonly pageSize: number;
  /** A live feed whose unsent events pass either bound is disconnected: it reads too slowly. */
  readonly maxQueuedEvents: number;
  readonly maxQueuedBytes: number;
  /** Live events held while catching up; past this they are dropped and read from the store instead. */
  readonly maxPendingEvents: number;
}

/** What a feed needs from the hub. */
export interface FeedSource {
  /** The position of the last batch the hub has handed to its feeds. */
  readonly position: bigint;
  readPage(after: bigint, limit: number): Promise<readonly RecordedEvent[]>;
  remove(client: FeedClient): void;
}

export interface FeedOutput {
  write(chunk: string | Buffer): boolean;
  end(): void;
  destroy(): void;
  on(event: 'drain' | 'close', listener: () => void): unknown;
}

const WRITE_CHUNK_BYTES = 64 * 1024;

/**
 * One open feed. It catches up from its start by reading the store a page at a time, each page only
 * once the socket has taken the last (so a slow reader slows its own reads and holds no memory), while
 * the hub's live batches wait in `pending`. Once it has read up to where the hub stood when it
 * registered (`readUpTo`), everything later is in `pending` or still to come from the hub: it sends
 * the pending events after its cursor and goes live. Events at or below the cursor are never sent
 * twice, so the seam has neither gap nor duplicate. If `pending` overflows it is dropped and `readUpTo`
 * moves to the hub's position: the store has those events too.
 */
export class FeedClient {
  private phase: 'catching-up' | 'live' | 'closed' = 'catching-up';
  /** The last position this feed has read (from the store) or been handed (by the hub). */
  private cursor: bigint;
  private readUpTo: bigint;
  private pending: FeedFrame[] = [];
  /** Unsent chunks: one frame's text, or a batch's bytes shared with other unfiltered feeds. */
  private queue: (string | Buffer)[] = [];
  /** How many events each chunk of `queue` holds. */
  private queueEvents: number[] = [];
  private queuedEvents = 0;
  private queuedBytes = 0;
  private blocked = false;
  private drained: (() => void) | undefined;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly out: FeedOutput,
    private readonly filter: FeedFilter,
    start: bigint,
    private readonly source: FeedSource,
    private readonly limits: FeedLimits,
  ) {
    this.cursor = start;
    this.readUpTo = source.position;
    out.on('drain', () => {
      this.blocked = false;
      this.pump();
    });
    out.on('close', () => this.close(false));
    this.keepAlive = setInterval(() => {
      if (!this.blocked && this.queue.length === 0) this.send(': keep-alive\n\n');
    }, limits.keepAliveMs);
  }

  get isLive(): boolean {
    return this.phase === 'live';
  }

  async catchUp(): Promise<void> {
    try {
      while (this.phase === 'catching-up') {
        if (this.cursor >= this.readUpTo) {
          this.goLive();
          return;
        }
        const page = await this.source.readPage(this.cursor, this.limits.pageSize);
        if (this.phase !== 'catching-up') return;
        // Nothing more in the store: it holds no less than the hub has seen, so this is the head.
        if (page.length === 0) this.readUpTo = this.cursor;
        else this.enqueue(page.map((event) => new FeedFrame(event)));
        await this.whenDrained();
      }
    } catch {
      // The store failed mid-catch-up: the client reconnects with Last-Event-ID and loses nothing.
      this.close(false);
    }
  }

  /** A batch the hub just received, in global order. */
  push(batch: FeedBatch): void {
    if (this.phase === 'live') {
      // Live and past nothing of it (the usual case): the bytes every unfiltered feed shares.
      if (this.filter.isUnfiltered && batch.frames[0].position > this.cursor)
        return this.enqueueShared(batch);
      return this.enqueue(batch.frames);
    }
    if (this.phase === 'closed') return;
    for (const frame of batch.frames) if (this.filter.wants(frame.event)) this.pending.push(frame);
    if (this.pending.length > this.limits.maxPendingEvents) {
      this.pending = [];
      this.readUpTo = this.source.position;
    }
  }

  /** Ends the response: gracefully (what is written arrives first) unless the socket is stuck. */
  close(graceful: boolean): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearInterval(this.keepAlive);
    this.queue = [];
    this.queueEvents = [];
    this.pending = [];
    this.source.remove(this);
    if (graceful && !this.blocked) this.out.end();
    else this.out.destroy();
    this.drained?.();
  }

  private goLive(): void {
    this.phase = 'live';
    const pending = this.pending;
    this.pending = [];
    this.enqueue(pending);
  }

  private enqueue(frames: readonly FeedFrame[]): void {
    for (const frame of frames) {
      if (frame.position <= this.cursor) continue;
      this.cursor = frame.position;
      if (!this.filter.wants(frame.event)) continue;
      this.queueChunk(frame.sse, 1);
    }
    this.afterEnqueue();
  }

  private enqueueShared(batch: FeedBatch): void {
    this.cursor = batch.lastPosition;
    const { bytes, events } = batch.unfiltered;
    if (events > 0) this.queueChunk(bytes, events);
    this.afterEnqueue();
  }

  private queueChunk(chunk: string | Buffer, events: number): void {
    this.queue.push(chunk);
    this.queueEvents.push(events);
    this.queuedEvents += events;
    this.queuedBytes += chunk.length;
  }

  private afterEnqueue(): void {
    if (this.queuedEvents > this.limits.maxQueuedEvents || this.queuedBytes > this.limits.maxQueuedBytes) {
      // Too slow: rather than hold its backlog, let it reconnect with Last-Event-ID and catch up from the store.
      return this.close(false);
    }
    this.pump();
  }

  private pump(): void {
    while (!this.blocked && this.queue.length > 0 && this.phase !== 'closed') {
      let count = 0;
      let bytes = 0;
      while (count < this.queue.length && bytes < WRITE_CHUNK_BYTES) bytes += this.queue[count++].length;
      const chunks = this.queue.splice(0, count);
      this.queuedEvents -= this.queueEvents.splice(0, count).reduce((sum, events) => sum + events, 0);
      this.queuedBytes -= bytes;
      this.send(chunks.length === 1 ? chunks[0] : joinChunks(chunks));
    }
    if (!this.blocked && this.queue.length === 0) this.drained?.();
  }

  private send(chunk: string | Buffer): void {
    if (!this.out.write(chunk)) this.blocked = true;
  }

  private whenDrained(): Promise<void> {
    if (this.phase === 'closed' || (!this.blocked && this.queue.length === 0)) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = () => {
        this.drained = undefined;
        resolve();
      };
    });
  }
}

/** Several chunks as one write: text joined, or bytes concatenated once any chunk is bytes. */
function joinChunks(chunks: readonly (string | Buffer)[]): string | Buffer {
  if (chunks.every((chunk) => typeof chunk === 'string')) return chunks.join('');
  return Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
}
