import type { EventStore } from '@serial/event-store';
import type { ProjectionStore, ProjectionTarget } from '../projection-store.port';
import { messageOf, type ProjectorLogger } from './projector-status';

export interface RebuildContext {
  readonly name: string;
  readonly logger: ProjectorLogger;
  readonly events: EventStore;
  readonly store: ProjectionStore;
  readonly batchSize: number;
  /** Runs `work` while no live batch is being applied. */
  readonly exclusive: <T>(work: () => Promise<T>) => Promise<T>;
  readonly stopped: () => boolean;
  readonly onProgress: (position: bigint) => void;
}

/**
 * Projects every event from position 0 into fresh read models while the serving ones keep serving and
 * advancing, then swaps them in. Returns the position the new read models reached.
 */
export async function rebuildReadModels(context: RebuildContext): Promise<bigint> {
  const { name, logger } = context;
  const startedAt = Date.now();
  logger.log(`Projector ${name}: rebuilding the read models from position 0`);
  const target = await context.store.beginRebuild();
  try {
    const reached = await copyEvents(context, target, 0n);
    await target.finishBulkLoad();
    // Live batches wait for the last events and the swap: the live subscription then resumes from a
    // position the new read models have already passed, and skips what they hold.
    const head = await context.exclusive(async () => {
      const last = await copyEvents(context, target, reached);
      await target.swapIn();
      return last;
    });
    logger.log(
      `Projector ${name}: rebuilt read models up to position ${head} in ${Date.now() - startedAt} ms`,
    );
    return head;
  } catch (error) {
    await target.discard().catch(() => undefined);
    logger.error(`Projector ${name}: rebuild failed, the serving read models stay: ${messageOf(error)}`);
    throw error;
  }
}

async function copyEvents(context: RebuildContext, target: ProjectionTarget, from: bigint): Promise<bigint> {
  let after = from;
  for (;;) {
    if (context.stopped()) throw new Error('The projector stopped before the rebuild was done');
    const events = await context.events.readAll({ after, limit: context.batchSize });
    if (events.length === 0) return after;
    await target.applyBatch(events);
    after = events[events.length - 1].position;
    context.onProgress(after);
    await yieldToEventLoop();
  }
}

/** An embedded store answers at once: without this a long replay would starve queries and timers. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
