import type { InstallComponents, UninstallComponents } from '../assembly/assembly.commands';
import { assemblyCommandStreams } from '../assembly/assembly.streams';
import { streamsStillToRead, type CommandStreams } from '../shared/command-streams';
import type { StoredEvent } from '../shared/recorded';
import type { SerialUniqueness } from '../shared/stream-ids';
import type { SerialCommand } from '../serial/serial.commands';
import type { SerialRef } from '../serial/serial.events';
import { serialCommandStreams } from '../serial/serial.streams';
import { commandStreamsSpecification } from './decider-specification';
import { NOW } from './serial-fixtures';
import { masterDataStreams } from './stream-fixtures';

export const ASSEMBLY_PRODUCTS = ['LAPTOP', 'BATTERY', 'BOARD', 'RAM'] as const;

export const ref = (productId: string, serialNumber: string): SerialRef => ({ productId, serialNumber });

export const install = (
  parent: SerialRef,
  components: readonly SerialRef[],
  reference?: string,
): InstallComponents => ({
  type: 'InstallComponents',
  data: { parent, components, ...(reference === undefined ? {} : { reference }) },
});

export const uninstall = (
  parent: SerialRef,
  components: readonly SerialRef[],
  toLocationId = 'WH/Stock',
  reference?: string,
): UninstallComponents => ({
  type: 'UninstallComponents',
  data: {
    parent,
    components,
    toLocationId,
    reason: 'faulty',
    ...(reference === undefined ? {} : { reference }),
  },
});

/**
 * Streams built by running commands as the command runner would (reading round after round, then
 * appending), so that a spec's given state is one the commands themselves reached.
 */
export class FixtureStreams {
  readonly streams: Record<string, StoredEvent[]> = masterDataStreams(
    ...ASSEMBLY_PRODUCTS.map((productId) => ({ productId, sku: productId, name: productId })),
  );

  constructor(readonly uniqueness: SerialUniqueness = 'product') {}

  /** What the runner would read for the command: its streams, then round after round of more. */
  read(command: CommandStreams<unknown>): Map<string, StoredEvent[]> {
    const read = new Map<string, StoredEvent[]>();
    const load = (ids: readonly string[]) => ids.forEach((id) => read.set(id, this.streams[id] ?? []));
    load(command.streamIds);
    for (let round = 0, more = streamsStillToRead(command, read, round); more.length > 0;) {
      load(more);
      more = streamsStillToRead(command, read, (round += 1));
    }
    return read;
  }

  run<Result>(command: CommandStreams<Result>): Result {
    const { events, result } = command.decide(this.read(command), NOW);
    for (const [streamId, newEvents] of events) {
      this.streams[streamId] = [...(this.streams[streamId] ?? []), ...newEvents];
    }
    return result;
  }

  serial(command: SerialCommand): this {
    this.run(serialCommandStreams(command, this.uniqueness));
    return this;
  }

  receive(productId: string, serialNumbers: string[], toLocationId = 'WH/Stock'): this {
    const data = { productId, serialNumbers, fromLocationId: 'Partners/Vendors', toLocationId };
    return this.serial({ type: 'ReceiveSerials', data });
  }

  deliver(unit: SerialRef, customerId = 'C1'): this {
    const { productId, serialNumber } = unit;
    return this.serial({
      type: 'DeliverSerials',
      data: {
        productId,
        serialNumbers: [serialNumber],
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        customerId,
      },
    });
  }

  install(parent: SerialRef, ...components: SerialRef[]): this {
    this.run(assemblyCommandStreams(install(parent, components), this.uniqueness));
    return this;
  }

  uninstall(parent: SerialRef, components: SerialRef[], toLocationId?: string): this {
    this.run(assemblyCommandStreams(uninstall(parent, components, toLocationId), this.uniqueness));
    return this;
  }

  /** A chain of `levels` BOARD serials, each installed in the one before: BOARD/N-1 holds N-2, … */
  nested(levels: number, prefix = 'N'): SerialRef[] {
    const boards = Array.from({ length: levels }, (_, i) => ref('BOARD', `${prefix}-${i + 1}`));
    this.receive(
      'BOARD',
      boards.map((board) => board.serialNumber),
    );
    for (let level = levels - 1; level > 0; level--) this.install(boards[level - 1], boards[level]);
    return boards;
  }
}

/** Given/when/then over what an assembly command reads and writes. */
export const assemblySpec = (given: FixtureStreams) =>
  commandStreamsSpecification(
    (command: InstallComponents | UninstallComponents) => assemblyCommandStreams(command, given.uniqueness),
    NOW,
  )(given.streams);
