import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { locationStreamId } from '@serial/domain';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { evolveLocationDocument, READ_STORE, type ReadStore } from '@serial/read-models';
import type { CommandMetadata } from '@serial/runtime';
import { Roles } from '../auth/auth.decorators';
import { NotFoundError } from '../http/application-errors';
import { CommandContext } from '../http/command-context';
import { DEFAULT_PAGE_SIZE, withCursor } from '../http/pagination';
import { ApiPathParam, EntityIdPipe } from '../http/path-params';
import { ApiProblems } from '../http/problem.openapi';
import { ReadsReadModels } from '../http/read-your-writes';
import { ExecuteLocationCommand } from './location-command.handler';
import {
  CreateLocationDto,
  ListLocationsQueryDto,
  LocationDto,
  LocationPageDto,
  RenameLocationDto,
} from './locations.dto';

const locationNotFound = { code: 'NOT_FOUND', detail: 'Location WH/Shelf-9 does not exist' };

/** Like products: one location from its own stream (current at once), the list from the read models. */
@ApiTags('master data')
@Controller('v1/locations')
export class LocationsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a location, at the root or below a parent of the same type' })
  @ApiCreatedResponse({ type: LocationDto })
  @ApiProblems(
    'LOCATION_ALREADY_EXISTS',
    { code: 'LOCATION_NOT_FOUND', detail: 'Parent location WH/Stock/Z does not exist' },
    'INVALID_LOCATION_PARENT',
    'CONCURRENCY_CONFLICT',
  )
  async create(
    @Body() dto: CreateLocationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<LocationDto> {
    const data = { locationId: dto.id, name: dto.name, locationType: dto.type, parentId: dto.parentId };
    await this.commandBus.execute(new ExecuteLocationCommand({ type: 'RegisterLocation', data }, metadata));
    return this.location(dto.id);
  }

  @Patch(':locationId')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a location (its parent and path never change)' })
  @ApiOkResponse({ type: LocationDto })
  @ApiPathParam('locationId', 'Location id, percent-encoded (`WH/Stock` is `WH%2FStock`)', 'WH/Stock/A/01')
  @ApiProblems(locationNotFound, 'CONCURRENCY_CONFLICT')
  async rename(
    @Param('locationId', EntityIdPipe) locationId: string,
    @Body() dto: RenameLocationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<LocationDto> {
    const command = { type: 'RenameLocation' as const, data: { locationId, name: dto.name } };
    await this.commandBus.execute(new ExecuteLocationCommand(command, metadata));
    return this.location(locationId);
  }

  @Get(':locationId')
  @Roles('reporter')
  @ApiOperation({ summary: 'A location, from its own events (always current)' })
  @ApiOkResponse({ type: LocationDto })
  @ApiPathParam('locationId', 'Location id, percent-encoded (`WH/Stock` is `WH%2FStock`)', 'WH/Shelf-2')
  @ApiProblems(locationNotFound)
  async location(@Param('locationId', EntityIdPipe) locationId: string): Promise<LocationDto> {
    const events = await this.store.readStream(locationStreamId(locationId));
    const view = events.reduce(evolveLocationDocument, null);
    if (!view) throw new NotFoundError(`Location ${locationId} does not exist`);
    return view;
  }

  @Get()
  @Roles('reporter')
  @ReadsReadModels()
  @ApiOperation({ summary: 'Every location, or the direct children of one (parentId), by id' })
  @ApiOkResponse({ type: LocationPageDto })
  async locations(@Query() query: ListLocationsQueryDto): Promise<LocationPageDto> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, parentId } = query;
    return withCursor(() => this.readStore.listLocations({ parentId }, { limit, cursor }));
  }
}
