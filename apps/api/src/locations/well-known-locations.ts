import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, WELL_KNOWN_LOCATIONS } from '@serial/domain';
import { randomUUID } from 'node:crypto';
import { ExecuteLocationCommand } from './location-command.handler';

export const SYSTEM_USER = 'system';

/** API.md: on first start the service creates the well-known locations if missing. */
@Injectable()
export class WellKnownLocations implements OnApplicationBootstrap {
  private readonly logger = new Logger(WellKnownLocations.name);

  constructor(private readonly commandBus: CommandBus) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { id, name, type } of Object.values(WELL_KNOWN_LOCATIONS)) {
      const commandId = randomUUID();
      const metadata = {
        userId: SYSTEM_USER,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        occurredAt: new Date().toISOString(),
      };
      const command = {
        type: 'RegisterLocation' as const,
        data: { locationId: id, name, locationType: type },
      };
      try {
        await this.commandBus.execute(new ExecuteLocationCommand(command, metadata));
        this.logger.log(`Created location ${id} (${type})`);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'LOCATION_ALREADY_EXISTS')) throw error;
      }
    }
  }
}
