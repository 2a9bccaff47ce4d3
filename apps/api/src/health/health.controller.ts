import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { LivenessDto, ReadinessReportDto } from './health.dto';
import { Readiness } from './readiness';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is alive' })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the event store and the read store answer, each within 2 s' })
  @ApiOkResponse({ type: ReadinessReportDto, description: 'Every store is reachable' })
  @ApiServiceUnavailableResponse({
    type: ReadinessReportDto,
    description: 'A store cannot be reached (`status` is `unavailable`, that store `down`)',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReportDto> {
    const report = await this.readiness.report();
    if (report.status !== 'ready') void reply.status(503);
    return report;
  }
}
