import type { EventStore } from '@serial/event-store';
import { join } from 'node:path';
import type { ProjectorLogger } from '../projector/projector-status';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';
import { dumpTables } from './read-store-files';

export class RecordingLogger implements ProjectorLogger {
  readonly lines: string[] = [];
  log = (message: string) => void this.lines.push(`log: ${message}`);
  warn = (message: string) => void this.lines.push(`warn: ${message}`);
  error = (message: string) => void this.lines.push(`error: ${message}`);
}

export const silentLogger: ProjectorLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The read models a fresh projection of every event gives: what any crash or rebuild must end equal to. */
export async function freshTables(events: EventStore, directory: string): Promise<Record<string, unknown[]>> {
  const path = join(directory, `fresh-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const store = SqliteReadStore.open(path);
  try {
    let after = 0n;
    for (;;) {
      const batch = await events.readAll({ after, limit: 5000 });
      if (batch.length === 0) break;
      await store.applyBatch(batch);
      after = batch[batch.length - 1].position;
    }
  } finally {
    await store.close();
  }
  return dumpTables(path);
}

export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
