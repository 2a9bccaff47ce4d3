import { foldStored, type StoredEvent } from './recorded';

/** Events as read: every stream asked for, by id, in revision order. */
export type StreamsRead = ReadonlyMap<string, readonly StoredEvent[]>;

/** A new event as a decider writes it, before the store records it. */
export type EventToAppend = StoredEvent;

export interface CommandDecision<Result> {
  /** New events per stream id, in append order. */
  readonly events: ReadonlyMap<string, readonly EventToAppend[]>;
  /** What the command leads to, such as the state after its new events, so nobody folds twice. */
  readonly result: Result;
  /**
   * Streams the decision read but does not write, that must still be as read when the events are
   * appended (their revisions are checked in the same append): an install relies on the units above its
   * parent and below its components, which another install could change meanwhile.
   */
  readonly unchanged?: readonly string[];
}

/** How many rounds of `moreStreamIds` a command may take (an assembly's chain is read one level a round). */
export const MAX_READ_ROUNDS = 20;

/** What the generic load → decide → append runner needs from a command (pure, no I/O). */
export interface CommandStreams<Result> {
  /** Streams to read before deciding. */
  readonly streamIds: readonly string[];
  /**
   * Streams known only once the first ones are read (a movement's serials, the units of an assembly).
   * Asked again after each read, with everything read so far, until it names no stream that is not
   * read yet, at most MAX_READ_ROUNDS times; the decision must hold for whatever was read by then.
   */
  moreStreamIds?(streams: StreamsRead): readonly string[];
  /** Folds what was read, decides, and maps the decision to streams. Throws DomainError. Runs again after a conflict. */
  decide(streams: StreamsRead, now: string): CommandDecision<Result>;
}

/** A command on one aggregate's own stream (products, locations); its result is the state after. */
export function singleStreamCommand<Command, Event extends EventToAppend, State>(
  streamId: string,
  command: Command,
  decider: {
    decide: (command: Command, state: State) => Event[];
    evolve: (state: State, event: Event) => State;
    initialState: State;
  },
): CommandStreams<State> {
  return {
    streamIds: [streamId],
    decide: (streams) => {
      const state = foldStored(streams.get(streamId) ?? [], decider.evolve, decider.initialState);
      const events = decider.decide(command, state);
      return { events: new Map([[streamId, events]]), result: events.reduce(decider.evolve, state) };
    },
  };
}
