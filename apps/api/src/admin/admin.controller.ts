import { Controller, Get, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Projector } from '@serial/read-models';
import { Roles } from '../auth/auth.decorators';
import { RebuildRunningError, RebuildUnavailableError } from '../http/application-errors';
import { PROJECTOR, RUNS_PROJECTOR } from '@serial/runtime';
import { ApiProblems } from '../http/problem.openapi';
import { ProjectionDto, RebuildStartedDto } from './admin.dto';

@ApiTags('operations')
@Roles('admin')
@Controller('v1/admin/projections')
export class AdminController {
  private readonly logger = new Logger(AdminController.name);

  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(RUNS_PROJECTOR) private readonly runsProjector: boolean,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Each projection: its checkpoint and how many events it is behind' })
  @ApiOkResponse({ type: ProjectionDto, isArray: true })
  async projections(): Promise<ProjectionDto[]> {
    const [lags, status] = await Promise.all([this.projector.projections(), this.projector.status()]);
    const state = this.runsProjector ? status.state : 'elsewhere';
    const error = status.error
      ? `at position ${status.error.position ?? '?'}: ${status.error.message}`
      : null;
    return lags.map((lag) => ({ ...lag, state, error, rebuilding: status.rebuild !== null }));
  }

  @Post('rebuild')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: RebuildStartedDto,
    description: 'The rebuild started; the old read models serve until it is swapped in',
  })
  @ApiOperation({ summary: 'Rebuild every read model from position 0 without serving half-built data' })
  @ApiProblems('REBUILD_IN_PROGRESS', 'REBUILD_UNAVAILABLE')
  async rebuild(): Promise<RebuildStartedDto> {
    // Only where events are being applied: with PROJECTOR=off, or on a standby without the lease,
    // a rebuild here would swap in read models that miss what the active projector writes meanwhile.
    if (!this.runsProjector || (await this.projector.status()).state === 'stopped')
      throw new RebuildUnavailableError();
    if (this.projector.isRebuilding) throw new RebuildRunningError();
    this.projector.rebuild().catch((error: unknown) => this.logger.error(`Rebuild failed: ${String(error)}`));
    return { status: 'rebuilding' };
  }
}
