import { streamsStillToRead, type CommandStreams, type EventToAppend } from '../shared/command-streams';
import { DomainError, type DomainErrorCode } from '../shared/domain-error';
import type { StoredEvent } from '../shared/recorded';

/** The run fails with a DomainError of `code`, naming these serials; `violations` pins each one's own rule. */
export function expectDomainError(
  run: () => unknown,
  code: DomainErrorCode,
  serialNumbers?: readonly string[],
  violations?: readonly [string, DomainErrorCode][],
): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(DomainError);
  const domainError = error as DomainError;
  expect(domainError.code).toBe(code);
  if (serialNumbers) expect([...domainError.serialNumbers].sort()).toEqual([...serialNumbers].sort());
  if (violations) expect(domainError.violations.map((v) => [v.serialNumber, v.code])).toEqual(violations);
}

/**
 * Given/when/then over a decider (after emmett's DeciderSpecification): given past events, when a
 * command, then the new events or the error code with the serials it names.
 */
export function deciderSpecification<Command, Event, State, Decision>(decider: {
  decide: (command: Command, state: State) => Decision;
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}) {
  return (given: readonly Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: unknown) => expect(run()).toEqual(expected),
        thenThrows: (
          code: DomainErrorCode,
          serialNumbers?: readonly string[],
          violations?: readonly [string, DomainErrorCode][],
        ): void => expectDomainError(run, code, serialNumbers, violations),
      };
    },
  });
}

/** Stored streams by id; a stream missing here reads as empty. */
export type GivenStreams = Readonly<Record<string, readonly StoredEvent[]>>;

/**
 * Given/when/then over what a command reads and writes: given stored streams, when the command's
 * streams are read as the runner reads them (the first ones, then those they lead to, round by round), then the ids
 * read, the new events of each stream in append order, and the result. A decision sees only the
 * streams it asked for, so a stream left out shows up as a wrong decision.
 */
export function commandStreamsSpecification<Command, Result>(
  streamsOf: (command: Command) => CommandStreams<Result>,
  now: string,
) {
  return (given: GivenStreams) => ({
    when: (command: Command) => {
      const streams = streamsOf(command);
      const read = () => {
        const loaded = new Map<string, readonly StoredEvent[]>();
        const load = (ids: readonly string[]) => ids.forEach((id) => loaded.set(id, given[id] ?? []));
        load(streams.streamIds);
        for (let round = 0, more = streamsStillToRead(streams, loaded, round); more.length > 0;) {
          load(more);
          more = streamsStillToRead(streams, loaded, (round += 1));
        }
        return loaded;
      };
      const decide = () => streams.decide(read(), now);
      return {
        thenReads: (streamIds: readonly string[]) => expect([...read().keys()]).toEqual(streamIds),
        then: (expected: { events: [string, readonly EventToAppend[]][]; result?: unknown }) => {
          const decision = decide();
          expect([...decision.events]).toEqual(expected.events);
          if ('result' in expected) expect(decision.result).toEqual(expected.result);
        },
        thenThrows: (code: DomainErrorCode, serialNumbers?: readonly string[]): void =>
          expectDomainError(decide, code, serialNumbers),
      };
    },
  });
}
