import { Body, Controller, HttpCode, Post } from '@nestjs/common';
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

@ApiTags('serial commands')
@Roles('operator')
@AdmitsLargeCommands()
@ApiOkResponse({ type: SerialCommandResultDto })
@Controller('v1/serials')
export class SerialCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  private execute(command: SerialCommand, metadata: CommandMetadata): Promise<SerialCommandResult> {
    return this.commandBus.execute(new ExecuteSerialCommand(command, metadata));
  }

  @Post('register')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create serials that are not on hand (manual creation)' })
  register(@Body() dto: RegisterSerialsDto, @CommandContext() metadata: CommandMetadata) {
    const { range: _range, ...fields } = definedFields(dto);
    const data = { ...fields, serialNumbers: resolveSerialNumbers(dto) };
    return this.execute({ type: 'RegisterSerials', data }, metadata);
  }

  @Post('receive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Receive new, registered or out-of-stock serials into an internal location' })
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
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver serials on hand at the source to a customer; starts the warranty' })
  deliver(@Body() dto: DeliverSerialsDto, @CommandContext() metadata: CommandMetadata) {
    const data = {
      ...definedFields(dto),
      toLocationId: dto.toLocationId ?? WELL_KNOWN_LOCATIONS.customers.id,
    };
    return this.execute({ type: 'DeliverSerials', data }, metadata);
  }

  @Post('transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move serials between internal or transit locations' })
  transfer(@Body() dto: TransferSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'TransferSerials', data: definedFields(dto) }, metadata);
  }

  @Post('return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take serials back from the customer they were last delivered to' })
  returnSerials(@Body() dto: ReturnSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ReturnSerials', data: definedFields(dto) }, metadata);
  }

  @Post('scrap')
  @HttpCode(200)
  @ApiOperation({ summary: 'Scrap on-hand serials to Virtual/Scrap' })
  scrap(@Body() dto: ScrapSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ScrapSerials', data: definedFields(dto) }, metadata);
  }

  @Post('adjust')
  @HttpCode(200)
  @ApiOperation({ summary: 'Inventory adjustment through Virtual/Adjustment (found or lost)' })
  adjust(@Body() dto: AdjustSerialDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'AdjustSerial', data: definedFields(dto) }, metadata);
  }

  @Post('correct')
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct a serial recorded by mistake: receipt typo or delivery mix-up' })
  correct(@Body() dto: CorrectSerialDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'CorrectSerial', data: definedFields(dto) }, metadata);
  }

  @Post('reserve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reserve on-hand serials for a reference' })
  reserve(@Body() dto: ReserveSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ReserveSerials', data: definedFields(dto) }, metadata);
  }

  @Post('release')
  @HttpCode(200)
  @ApiOperation({ summary: "Release a reference's reservations" })
  release(@Body() dto: ReleaseSerialsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'ReleaseSerials', data: definedFields(dto) }, metadata);
  }

  @Post('warranty')
  @HttpCode(200)
  @ApiOperation({ summary: "Set or override a serial's warranty" })
  warranty(@Body() dto: SetWarrantyDto, @CommandContext() metadata: CommandMetadata) {
    if (Date.parse(dto.endsAt) <= Date.parse(dto.startsAt)) {
      throw new ValidationFailedError([{ field: 'endsAt', message: 'endsAt must be after startsAt' }]);
    }
    return this.execute({ type: 'SetSerialWarranty', data: definedFields(dto) }, metadata);
  }
}
