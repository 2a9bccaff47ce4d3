/** How far the read models have got; the inline projector or, without one, the read store's checkpoint. */
export const READ_MODEL_PROGRESS = Symbol('READ_MODEL_PROGRESS');
export interface ReadModelProgress {
  /** True once the read models include `position`, false if `timeoutMs` passed first. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
}
