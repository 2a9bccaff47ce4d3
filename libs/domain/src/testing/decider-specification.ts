import { DomainError, type DomainErrorCode } from '../shared/domain-error';

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
        /** `violations` pins each serial's own rule when a request breaks several. */
        thenThrows: (
          code: DomainErrorCode,
          serialNumbers?: readonly string[],
          violations?: readonly [string, DomainErrorCode][],
        ): void => {
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
          if (violations)
            expect(domainError.violations.map((v) => [v.serialNumber, v.code])).toEqual(violations);
        },
      };
    },
  });
}
