import { EventEmitter } from 'node:events';
import type { ProjectionStore } from '@serial/read-models';

export const PROJECTION_BATCHES = Symbol('PROJECTION_BATCHES');

/** Emits 'batch' (events, seconds) for every live batch the projector applies: metrics listen. */
export class ProjectionBatches extends EventEmitter<{ batch: [events: number, seconds: number] }> {}

/** The projector's store, timing each live batch; everything else passes straight through. */
export function timedBatches(store: ProjectionStore, batches: ProjectionBatches): ProjectionStore {
  return {
    applyBatch: async (events) => {
      const started = process.hrtime.bigint();
      await store.applyBatch(events);
      batches.emit('batch', events.length, Number(process.hrtime.bigint() - started) / 1e9);
    },
    checkpoint: () => store.checkpoint(),
    checkpoints: () => store.checkpoints(),
    beginRebuild: () => store.beginRebuild(),
  };
}
