import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { movementStreamId, type MovementCommand } from '@serial/domain';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { READ_STORE, type ReadStore } from '@serial/read-models';
import { ReadsReadModels } from '../http/read-your-writes';
import { DEFAULT_PAGE_SIZE, withCursor } from '../http/pagination';
import { Roles } from '../auth/auth.decorators';
import { CommandContext } from '../http/command-context';
import { type CommandMetadata } from '@serial/runtime';
import { NotFoundError } from '../http/application-errors';
import { ApiPathParam, EntityIdPipe } from '../http/path-params';
import { ApiProblems } from '../http/problem.openapi';
import { IndexPipe } from '../http/integers';
import { AdmitsLargeCommands } from '../http/large-commands';
import { ExecuteMovementCommand } from './movement-command.handler';
import {
  movementView,
  serialTrackedInReadModels,
  serialTrackedInStore,
  toMovementDto,
} from './movement.view';
import {
  AssignSerialsDto,
  CreateMovementDto,
  ListMovementsQueryDto,
  MovementDto,
  MovementPageDto,
} from './movements.dto';

const MovementPath = () =>
  ApiPathParam(
    'movementId',
    'Movement id, percent-encoded (`WH/IN/00042` is `WH%2FIN%2F00042`)',
    'WH/IN/00042',
  );
const movementNotFound = { code: 'NOT_FOUND', detail: 'Movement WH/IN/00043 does not exist' };
/** What a line's serials meet when they are checked, as the matching serial command would check them. */
const LINE_SERIAL_PROBLEMS = [
  'PRODUCT_NOT_SERIAL_TRACKED',
  'DUPLICATE_IN_REQUEST',
  'SERIAL_ALREADY_EXISTS',
  'SERIAL_NOT_FOUND',
  'SERIAL_NOT_AT_LOCATION',
  'SERIAL_RESERVED',
];

/** The receipt/delivery documents of the seed's workflow (API.md "Movements"). */
@ApiTags('movements')
@Roles('operator')
@Controller('v1/movements')
export class MovementsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  private async execute(command: MovementCommand, metadata: CommandMetadata): Promise<MovementDto> {
    await this.commandBus.execute(new ExecuteMovementCommand(command, metadata));
    return this.movement(command.data.movementId);
  }

  @Post()
  @ApiCreatedResponse({ type: MovementDto })
  @ApiOperation({ summary: 'Create a pending receipt, delivery or internal movement' })
  @ApiProblems(
    'MOVEMENT_ALREADY_EXISTS',
    'PRODUCT_NOT_FOUND',
    'LOCATION_NOT_FOUND',
    'INVALID_LOCATION_TYPE',
    'CONCURRENCY_CONFLICT',
  )
  create(@Body() dto: CreateMovementDto, @CommandContext() metadata: CommandMetadata) {
    const { id: movementId, type: movementType, lines, ...rest } = dto;
    const data = {
      ...rest,
      movementId,
      movementType,
      lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
    };
    return this.execute({ type: 'CreateMovement', data }, metadata);
  }

  @Put(':movementId/lines/:lineIndex/serials')
  @AdmitsLargeCommands('body')
  @MovementPath()
  @ApiOkResponse({ type: MovementDto })
  @ApiOperation({
    summary: "Set a line's serials, rejecting at once those that could not pass validation now",
  })
  @ApiProblems(
    movementNotFound,
    'MOVEMENT_NOT_PENDING',
    'QUANTITY_MISMATCH',
    ...LINE_SERIAL_PROBLEMS,
    'CONCURRENCY_CONFLICT',
  )
  @ApiParam({
    name: 'lineIndex',
    description: 'The line, counting from 0',
    schema: { type: 'integer', minimum: 0, example: 0 },
  })
  assign(
    @Param('movementId', EntityIdPipe) movementId: string,
    @Param('lineIndex', IndexPipe) lineIndex: number,
    @Body() dto: AssignSerialsDto,
    @CommandContext() metadata: CommandMetadata,
  ) {
    return this.execute(
      { type: 'AssignMovementSerials', data: { movementId, lineIndex, serialNumbers: dto.serialNumbers } },
      metadata,
    );
  }

  @Post(':movementId/validate')
  @AdmitsLargeCommands('movement')
  @MovementPath()
  @HttpCode(200)
  @ApiOkResponse({ type: MovementDto })
  @ApiOperation({ summary: 'Move every line together, or nothing' })
  @ApiProblems(
    movementNotFound,
    'MOVEMENT_NOT_PENDING',
    'QUANTITY_MISMATCH',
    ...LINE_SERIAL_PROBLEMS,
    'CONCURRENCY_CONFLICT',
  )
  validate(
    @Param('movementId', EntityIdPipe) movementId: string,
    @CommandContext() metadata: CommandMetadata,
  ) {
    return this.execute({ type: 'ValidateMovement', data: { movementId } }, metadata);
  }

  @Post(':movementId/cancel')
  @MovementPath()
  @HttpCode(200)
  @ApiOkResponse({ type: MovementDto })
  @ApiOperation({ summary: 'Cancel a pending movement; nothing moves' })
  @ApiProblems(movementNotFound, 'MOVEMENT_NOT_PENDING', 'CONCURRENCY_CONFLICT')
  cancel(@Param('movementId', EntityIdPipe) movementId: string, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'CancelMovement', data: { movementId } }, metadata);
  }

  @Get()
  @Roles('operator', 'reporter')
  @ReadsReadModels()
  @ApiOkResponse({ type: MovementPageDto })
  @ApiOperation({ summary: 'Movements by id, filtered by status and reference' })
  async list(@Query() query: ListMovementsQueryDto): Promise<MovementPageDto> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...filter } = query;
    const page = await withCursor(() => this.readStore.listMovements(filter, { limit, cursor }));
    const productIds = page.items.flatMap((movement) => movement.lines.map((line) => line.productId));
    const tracked = await serialTrackedInReadModels(this.readStore, productIds);
    return {
      items: page.items.map((movement) => toMovementDto(movement, tracked)),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':movementId')
  @MovementPath()
  @Roles('operator', 'reporter')
  @ApiOkResponse({ type: MovementDto })
  @ApiOperation({ summary: 'A movement, from its own events (always current)' })
  @ApiProblems(movementNotFound)
  async movement(@Param('movementId', EntityIdPipe) movementId: string): Promise<MovementDto> {
    const events = await this.store.readStream(movementStreamId(movementId));
    const created = events.find((event) => event.type === 'MovementCreated');
    const lines = (created?.data.lines ?? []) as { productId: string }[];
    const view = movementView(
      events,
      await serialTrackedInStore(
        this.store,
        lines.map((l) => l.productId),
      ),
    );
    if (!view) throw new NotFoundError(`Movement ${movementId} does not exist`);
    return view;
  }
}
