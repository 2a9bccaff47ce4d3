export const PROJECTOR_COMPANIONS = Symbol('PROJECTOR_COMPANIONS');

export interface Companion {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Work that runs where the projector runs, and only while it does (webhook deliveries): started after
 * it, stopped before it, and with MongoDB held by the same lease. Modules add themselves at init.
 */
export class ProjectorCompanions {
  private readonly members: Companion[] = [];

  add(member: Companion): void {
    this.members.push(member);
  }

  async start(): Promise<void> {
    for (const member of this.members) await member.start();
  }

  async stop(): Promise<void> {
    for (const member of [...this.members].reverse()) await member.stop();
  }

  /** The projector and its companions as one, for the lease to start and stop together. */
  around(projector: Companion): Companion {
    return {
      start: async () => {
        await projector.start();
        await this.start();
      },
      stop: async () => {
        await this.stop();
        await projector.stop();
      },
    };
  }
}
