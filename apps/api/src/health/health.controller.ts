import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { READINESS_CHECKS, ReadinessCheck, ReadinessReport, runReadinessChecks } from './readiness';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[]) {}

  @Get()
  @ApiOkResponse({ description: 'The process is alive', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    description: 'Every store is reachable',
    schema: { example: { status: 'ready', checks: { eventStore: 'up' } } },
  })
  @ApiServiceUnavailableResponse({
    description: 'A store cannot be reached',
    schema: { example: { status: 'unavailable', checks: { eventStore: 'down' } } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await runReadinessChecks(this.checks);
    if (report.status !== 'ready') void reply.status(503);
    return report;
  }
}
