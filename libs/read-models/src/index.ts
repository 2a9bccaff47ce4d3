export * from './read-store.port';
export * from './projection-store.port';
export * from './ledger/ledger-reader.port';
export * from './projections/projected-event';
export * from './projections/serial-view';
export * from './projections/serial-history';
export * from './projections/product-view';
export * from './projections/location-view';
export * from './projections/movement-view';
export { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite/sqlite-read-store';
export * from './projector/projector';
export {
  RebuildInProgressError,
  type ProjectionLag,
  type ProjectorLogger,
  type ProjectorOptions,
  type ProjectorState,
  type ProjectorStatus,
  type ProjectorTimers,
} from './projector/projector-status';
export { connectMongoReadStore } from './mongodb/connect-mongodb';
export { isUnavailable as isMongoUnavailable } from './mongodb/mongo-errors';
export type { MongoReadStore, MongoReadStoreOptions } from './mongodb/mongo-read-store';
export { ProjectorLease, mayClaim, type LeaseRecord, type LeaseStore } from './projector/projector-lease';
export {
  LeasedProjector,
  rebuildOnlyWithLease,
  type LeasedProjectorOptions,
} from './projector/leased-projector';
export {
  READ_MODEL_PROGRESS,
  DEFAULT_CHECKPOINT_POLL_MS,
  checkpointPolling,
  readModelProgress,
  type CheckpointPollingOptions,
  type ProjectorRunnerView,
  type ReadModelProgress,
} from './projector/read-model-progress';
export * from './webhooks/webhook-store.port';
export { evolveWebhookRecord, isWebhookDefinitionEvent } from './webhooks/webhook-record';
export { SqliteWebhookStore } from './webhooks/sqlite-webhook-store';
export { connectMongoWebhookStore } from './webhooks/connect-webhook-store';
