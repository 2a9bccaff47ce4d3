import { foldStored, type StoredEvent } from './recorded';

/** Events as read: every stream asked for, by id, in revision order. */
export type StreamsRead = ReadonlyMap<string, readonly StoredEvent[]>;

/** A new event as a decider writes it, before the store records it. */
export type EventToAppend = StoredEvent;

/**
 * How many times `moreStreamIds` may lead to more streams: a movement's serials, then their locations
 * (2); an install's chain of parents and its components' assemblies, one level a round (16 at most).
 */
export const MAX_READ_ROUNDS = 20;

/**
 * The streams a command's `moreStreamIds` names that `read` does not hold yet; throws past
 * MAX_READ_ROUNDS, a command that never stops asking being a bug.
 */
export function streamsStillToRead(
  command: Pick<CommandStreams<unknown>, 'moreStreamIds'>,
  read: StreamsRead,
  round: number,
): string[] {
  const more = command.moreStreamIds?.(read).filter((id) => !read.has(id)) ?? [];
  if (more.length > 0 && round >= MAX_READ_ROUNDS) {
    throw new Error(`A command kept naming more streams to read: ${more.join(', ')}`);
  }
  return more;
}

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

/** What the generic load → decide → append runner needs from a command (pure, no I/O). */
export interface CommandStreams<Result> {
  /** Streams to read before deciding. */
  readonly streamIds: readonly string[];
  /**
   * Streams known only once the first ones are read (a movement's serials, the locations the serials
   * are at, the units of an assembly). Asked again with everything read so far until it names no
   * stream not read yet; a command must stop asking within MAX_READ_ROUNDS.
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
