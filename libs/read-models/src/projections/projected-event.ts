/** The event as a projection needs it: what the store recorded around the domain event. */
export interface ProjectedEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly revision: number;
  readonly position: bigint;
  readonly recordedAt: Date;
  /** `schemaVersion` says which shape `data` has; without metadata it is the current one. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** With the stream and metadata, for projections that record who did what (any RecordedEvent is one). */
export interface RecordedProjectionEvent extends ProjectedEvent {
  readonly streamId: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The idempotency guard every document projection shares: a document only changes for an event with a
 * greater position than the one it holds, so a replayed range changes nothing.
 */
export const alreadyApplied = (document: { position: string } | null, event: ProjectedEvent): boolean =>
  document !== null && event.position <= BigInt(document.position);

/** When the command happened (metadata), falling back to when the store recorded it. */
export const occurredAt = (event: RecordedProjectionEvent): string =>
  event.metadata.occurredAt ?? event.recordedAt.toISOString();
