import { Readable } from 'node:stream';
import type { EventStore } from '@serial/event-store';
import { toLoggedEvent } from './audit-event';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
const PAGE_SIZE = 1000;

/**
 * The events from `from` to `to` (both inclusive) as NDJSON, one `/v1/audit/events` item per line.
 * The store is read a page at a time, and only when the client has taken the page before: memory stays
 * at a page or two for any size, and a slow client slows the reads instead of filling the heap.
 */
export function exportEvents(store: EventStore, from: bigint, to: bigint, pageSize = PAGE_SIZE): Readable {
  let after = from - 1n;
  return new Readable({
    // Pages of about a megabyte: one page in the buffer is enough to keep the socket busy.
    highWaterMark: 1024 * 1024,
    read() {
      if (after >= to) {
        this.push(null);
        return;
      }
      store.readAll({ after, limit: pageSize }).then(
        (events) => {
          const wanted = events.filter((event) => event.position <= to);
          if (wanted.length === 0) {
            this.push(null);
            return;
          }
          after = wanted.length < events.length ? to : wanted[wanted.length - 1].position;
          this.push(wanted.map((event) => `${JSON.stringify(toLoggedEvent(event))}\n`).join(''));
        },
        (error: unknown) => this.destroy(error as Error),
      );
    },
  });
}
