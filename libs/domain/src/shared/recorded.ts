/**
 * The shape a stored event has once read back: the domain needs its type and data, and, where a rule
 * keeps a time or an old shape must be upcast, when it was recorded and its metadata. An event the
 * domain holds in memory, not yet stored, has neither.
 */
export interface StoredEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly recordedAt?: Date;
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Folds stored events of one stream. The store gives untyped JSON; the stream id is what guarantees
 * these are events of this aggregate, so the cast is safe here and nowhere else.
 */
export function foldStored<State, Event>(
  events: readonly StoredEvent[],
  evolve: (state: State, event: Event) => State,
  initial: State,
): State {
  let state = initial;
  for (const event of events) state = evolve(state, event as unknown as Event);
  return state;
}
