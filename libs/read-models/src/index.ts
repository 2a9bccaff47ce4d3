export * from './read-store.port';
export * from './projections/projected-event';
export * from './projections/serial-view';
