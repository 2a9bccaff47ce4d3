export * from './merkle-hash';
export * from './merkle-ranges';
export * from './merkle-proofs';
export * from './merkle-verify';
export * from './merkle-frontier';
export * from './tree-head';
