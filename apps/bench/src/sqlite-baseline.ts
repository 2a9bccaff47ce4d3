import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventDatabase } from '@serial/event-store';
import { summarise, type Summary } from './figures';
import type { BenchOptions } from './options';

/** No per-transaction run lasts longer than this, whatever the count (each commit is an fsync). */
const PER_TX_TIME_LIMIT_MS = 20_000;

export interface RawBaseline {
  /** Events/s appending `batch` events in one transaction. */
  readonly oneTx: Summary & { readonly events: number; readonly samples: number[] };
  /** Events/s appending one event per transaction (one fsync each). */
  readonly perTx: Summary & { readonly events: number; readonly samples: number[] };
}

/** The baseline is measured before and after the service runs: a shared disk drifts over a long run. */
export function mergeBaselines(first: RawBaseline, second: RawBaseline): RawBaseline {
  const merge = (a: RawBaseline['oneTx'], b: RawBaseline['oneTx']) => {
    const samples = [...a.samples, ...b.samples];
    return { ...summarise(samples), events: a.events, samples };
  };
  return { oneTx: merge(first.oneTx, second.oneTx), perTx: merge(first.perTx, second.perTx) };
}

type Row = [string, string, number, string, string, string, string];

/** A row the size of a real SerialReceived: the same fields, a uuid, hashes, ids. */
function eventRow(serial: string): Row {
  const productId = 'BENCH-LAPTOP';
  const data = {
    productId,
    serialNumber: serial,
    fromLocationId: 'Partners/Vendors',
    toLocationId: 'WH/Stock',
    toLocationType: 'internal',
    movementId: null,
    reference: 'BILL-1',
    vendorId: 'VENDOR-1',
  };
  const commandId = randomUUID();
  const metadata = {
    userId: 'bench',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: new Date().toISOString(),
    schemaVersion: '1',
    previousHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
  };
  const streamId = `serial-${productId}:${serial}`;
  return [
    // The same time-ordered ids as the service's command runner writes.
    uuidv7(),
    streamId,
    0,
    'SerialReceived',
    JSON.stringify(data),
    JSON.stringify(metadata),
    new Date().toISOString(),
  ];
}

/**
 * What this machine's SQLite does with plain better-sqlite3 and the service's durable settings
 * (WAL, synchronous=FULL): the ceiling every service figure is shown as a fraction of.
 */
export function measureRawSqlite(options: BenchOptions): RawBaseline {
  const dir = mkdtempSync(join(tmpdir(), 'serial-bench-raw-'));
  // The event store's own opening: the same table, indexes and pragmas, so the baseline cannot drift.
  const db = openEventDatabase(join(dir, 'events.sqlite'));
  try {
    const insert = db.prepare<Row>(
      `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const appendAll = db.transaction((rows: Row[]) => {
      for (const row of rows) insert.run(...row);
    });

    const oneTx: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      // Rows are built before the clock starts: serialising is the service's cost, not SQLite's.
      const rows = Array.from({ length: options.batch }, (_, i) => eventRow(`RAW1-${run}-${i}`));
      const startedAt = performance.now();
      appendAll.immediate(rows);
      oneTx.push(rows.length / ((performance.now() - startedAt) / 1000));
    }

    const perTx: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const rows = Array.from({ length: options.rawPerTxEvents }, (_, i) => eventRow(`RAWN-${run}-${i}`));
      const startedAt = performance.now();
      let appended = 0;
      for (const row of rows) {
        appendAll.immediate([row]);
        appended++;
        if (performance.now() - startedAt > PER_TX_TIME_LIMIT_MS) break;
      }
      perTx.push(appended / ((performance.now() - startedAt) / 1000));
    }
    return {
      oneTx: { ...summarise(oneTx), events: options.batch, samples: oneTx },
      perTx: { ...summarise(perTx), events: options.rawPerTxEvents, samples: perTx },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
