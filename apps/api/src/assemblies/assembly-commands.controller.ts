import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AssemblyCommand } from '@serial/domain';
import type { CommandMetadata } from '@serial/runtime';
import { Roles } from '../auth/auth.decorators';
import { CommandContext } from '../http/command-context';
import { ApiProblems } from '../http/problem.openapi';
import { SerialCommandResultDto } from '../serials/commands/serial-commands.dto';
import { definedFields } from '../serials/commands/serial-input';
import type { SerialCommandResult } from '../serials/commands/serial-command.handler';
import { InstallComponentsDto, UninstallComponentsDto } from './assembly-commands.dto';
import { ExecuteAssemblyCommand } from './assembly-command.handler';

@ApiTags('serial commands')
@Roles('operator')
@ApiProblems('PRODUCT_NOT_FOUND', 'PRODUCT_NOT_SERIAL_TRACKED', 'SERIAL_NOT_FOUND', 'CONCURRENCY_CONFLICT')
@Controller('v1/serials')
export class AssemblyCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  private execute(command: AssemblyCommand, metadata: CommandMetadata): Promise<SerialCommandResult> {
    return this.commandBus.execute(new ExecuteAssemblyCommand(command, metadata));
  }

  @Post('install')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Install serials into a unit (build it, or replace a part in the field); one atomic append',
  })
  @ApiOkResponse({ type: SerialCommandResultDto })
  @ApiProblems(
    'DUPLICATE_IN_REQUEST',
    'INVALID_LOCATION_TYPE',
    'SERIAL_NOT_AT_LOCATION',
    'SERIAL_RESERVED',
    'SERIAL_INSTALLED',
    'ASSEMBLY_CYCLE',
    'ASSEMBLY_TOO_DEEP',
  )
  install(@Body() dto: InstallComponentsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'InstallComponents', data: definedFields(dto) }, metadata);
  }

  @Post('uninstall')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take serials out of the unit they are installed in, on hand or to scrap' })
  @ApiOkResponse({ type: SerialCommandResultDto })
  @ApiProblems('DUPLICATE_IN_REQUEST', 'LOCATION_NOT_FOUND', 'INVALID_LOCATION_TYPE', 'SERIAL_NOT_INSTALLED')
  uninstall(@Body() dto: UninstallComponentsDto, @CommandContext() metadata: CommandMetadata) {
    return this.execute({ type: 'UninstallComponents', data: definedFields(dto) }, metadata);
  }
}
