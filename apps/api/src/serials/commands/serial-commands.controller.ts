import { applyDecorators, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WELL_KNOWN_LOCATIONS, type SerialCommand } from '@serial/domain';
import { Roles } from '../../auth/auth.decorators';
import { CommandContext } from '../../http/command-context';
import { type CommandMetadata } from '@serial/runtime';
import {
  AdjustSerialDto,
  CorrectSerialDto,
  DeliverSerialsDto,
  RegisterSerialsDto,
  ReleaseSerialsDto,
  ReserveSerialsDto,
  ReturnSerialsDto,
  ReceiveSerialsDto,
  ScrapSerialsDto,
  SerialCommandResultDto,
  SetWarrantyDto,
  TransferSerialsDto,
} from './serial-commands.dto';
import { ExecuteSerialCommand, type SerialCommandResult } from './serial-command.handler';
import { definedFields, resolveSerialNumbers } from './serial-input';
import { ValidationFailedError } from '../../http/application-errors';
import { AdmitsLargeCommands } from '../../http/large-commands';
import { ApiProblems, type ProblemSpec } from '../../http/problem.openapi';

/** The codes of the locations a command names (serial.context.ts requireLocation). */
const NAMES_LOCATIONS = ['LOCATION_NOT_FOUND', 'INVALID_LOCATION_TYPE'];

/** 200 with every serial as the command left it; `problems`: what its rule (libs/domain/src/serial) refuses. */
const SerialCommandRoute = (summary: string, ...problems: ProblemSpec[]) =>
  applyDecorators(
    HttpCode(200),
    ApiOperation({ summary }),
    ApiOkResponse({ type: SerialCommandResultDto }),
    ApiProblems(...problems),
  );

@ApiTags('serial commands')
@Roles('operator')
@AdmitsLargeCommands()
// Every serial command: decideSerials checks the product first; the runner may lose its retries.
@ApiProblems('PRODUCT_NOT_FOUND', 'PRODUCT_NOT_SERIAL_TRACKED', 'CONCURRENCY_CONFLICT')
@Controller('v1/serials')
export class SerialCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  private execute(command: SerialCommand, metadata: CommandMetadata): Promise<SerialCommandResult> {
    return this.commandBus.execute(new ExecuteSerialCommand(command, metadata));
  }

  @Post('register')
  @SerialCommandRoute(
    'Create serials that are not on hand (manual creation)',
    'DUPLICATE_IN_REQUEST',
    'SERIAL_ALREADY_EXISTS',
  )
  register(@Body() dto: RegisterSerialsDto, @CommandContext() metadata: CommandMetadata) {
    const { range: _range, ...fields } = definedFields(dto);
    const data = { ...fields, serialNumbers: resolveSerialNumbers(dto) };
    return this.execute({ type: 'RegisterSerials', data }, metadata);
  }

  @Post('receive')
  @SerialCommandRoute(
    'Receive new, registered or out-of-stock serials into an internal location',
    'DUPLICATE_IN_REQUEST',
    ...NAMES_LOCATIONS,
    'SERIAL_ALREADY_EXISTS',
  )
  receive(@Body() dto: ReceiveSerialsDto, @CommandContext() metadata: CommandMetadata) {
    const { range: _range, ...fields } = definedFields(dto);
    const data = {
      ...fields,
      serialNumbers: resolveSerialNumbers(dto),
      fromLocationId: dto.fromLocationId ?? WELL_KNOWN_LOCATIONS.vendors.id,
    };
    return this.execute({ type: 'ReceiveSerials', data }, metadata);
  }

  @Post('deliver')
  @SerialCommandRoute(
    'Deliver serials on hand at the source to a customer; starts the warranty',
    'DUPLICATE_IN_REQUEST',
    ...NAMES_LOCATIONS,
    'SERIAL_NOT_FOUND',
    'SERIAL_NOT_AT_LOCATION',
    'SERIAL_RESERVED',
  )
  deliver(@Body() dto: DeliverSerialsDto, @CommandContext() metadata: CommandMetadata) {
    const data = {
      ...definedFields(dto),
      toLocationId: dto.toLocationId ?? WELL_KNOWN_LOCATIONS.customers.id,
    };
    return this.execute({ type: 'DeliverSerials', data }, metadata);
  }

  @Post('transfer')
  @SerialCommandRoute(
    'Move serials between internal or transit locations',
    'DUPLICATE_IN_REQUEST',
    ...NAMES_LOCATIONS,
    'SERIAL_NOT_FOUND',
    'SERIAL_NOT_AT_LOCATION',
  )
  transfer(@Body() dto: TransferSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'TransferSerials', data: definedFields(dto) }, metadata);
  }

  @Post('return')
  @SerialCommandRoute(
    'Take serials back from the customer they were last delivered to',
    'DUPLICATE_IN_REQUEST',
    ...NAMES_LOCATIONS,
    'SERIAL_NOT_FOUND',
    'SERIAL_NOT_DELIVERED_TO_CUSTOMER',
  )
  returnSerials(@Body() dto: ReturnSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ReturnSerials', data: definedFields(dto) }, metadata);
  }

  @Post('scrap')
  @SerialCommandRoute(
    'Scrap on-hand serials to Virtual/Scrap',
    'DUPLICATE_IN_REQUEST',
    ...NAMES_LOCATIONS,
    'SERIAL_NOT_FOUND',
    'SERIAL_NOT_AT_LOCATION',
  )
  scrap(@Body() dto: ScrapSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ScrapSerials', data: definedFields(dto) }, metadata);
  }

  @Post('adjust')
  @SerialCommandRoute(
    'Inventory adjustment through Virtual/Adjustment (found or lost)',
    ...NAMES_LOCATIONS,
    'SERIAL_ALREADY_EXISTS',
    'SERIAL_NOT_FOUND',
    'SERIAL_NOT_AT_LOCATION',
  )
  adjust(@Body() dto: AdjustSerialDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'AdjustSerial', data: definedFields(dto) }, metadata);
  }

  @Post('correct')
  @SerialCommandRoute(
    'Correct a serial recorded by mistake: receipt typo or delivery mix-up',
    'DUPLICATE_IN_REQUEST',
    ...NAMES_LOCATIONS,
    'SERIAL_NOT_FOUND',
    'SERIAL_NOT_AT_LOCATION',
    'SERIAL_ALREADY_EXISTS',
    'SERIAL_RESERVED',
  )
  correct(@Body() dto: CorrectSerialDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'CorrectSerial', data: definedFields(dto) }, metadata);
  }

  @Post('reserve')
  @SerialCommandRoute(
    'Reserve on-hand serials for a reference',
    'DUPLICATE_IN_REQUEST',
    ...NAMES_LOCATIONS,
    'SERIAL_NOT_FOUND',
    'SERIAL_NOT_AT_LOCATION',
    'SERIAL_RESERVED',
  )
  reserve(@Body() dto: ReserveSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ReserveSerials', data: definedFields(dto) }, metadata);
  }

  @Post('release')
  @SerialCommandRoute("Release a reference's reservations", 'DUPLICATE_IN_REQUEST', 'SERIAL_NOT_FOUND')
  release(@Body() dto: ReleaseSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ReleaseSerials', data: definedFields(dto) }, metadata);
  }

  @Post('warranty')
  @SerialCommandRoute("Set or override a serial's warranty", 'SERIAL_NOT_FOUND')
  warranty(@Body() dto: SetWarrantyDto, @CommandContext() metadata: CommandMetadata) {
    if (Date.parse(dto.endsAt) <= Date.parse(dto.startsAt)) {
      throw new ValidationFailedError([{ field: 'endsAt', message: 'endsAt must be after startsAt' }]);
    }
    return this.execute({ type: 'SetSerialWarranty', data: definedFields(dto) }, metadata);
  }
}
