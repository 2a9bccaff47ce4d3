import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { Roles } from '../auth/auth.decorators';
import { ValidationFailedError } from '../http/application-errors';
import { ApiProblems } from '../http/problem.openapi';
import { toLoggedEvent } from './audit-event';
import { AuditEventPageDto } from './audit-event.dto';
import { AuditEventsQueryDto } from './audit.dto';
import { exportEvents, NDJSON_CONTENT_TYPE } from './event-export';
import { AuditExportQueryDto, ExportedEventDto } from './export.dto';

/** The whole log in global order, read from the event store itself. */
@ApiTags('audit')
@Roles('auditor')
@Controller('v1')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('audit/events')
  @ApiOperation({ summary: 'Every event in global order' })
  @ApiOkResponse({ type: AuditEventPageDto })
  async allEvents(@Query() query: AuditEventsQueryDto): Promise<AuditEventPageDto> {
    const from = BigInt(query.fromPosition ?? '0');
    const events = await this.store.readAll({ after: from - 1n, limit: query.limit ?? 100 });
    const last = events[events.length - 1];
    return {
      items: events.map(toLoggedEvent),
      nextPosition: (last ? last.position + 1n : from).toString(),
    };
  }

  @Get('audit/export')
  @ApiOperation({
    summary:
      'Every event from fromPosition to toPosition as NDJSON, streamed: one /v1/audit/events item per line',
  })
  @ApiProduces('application/x-ndjson')
  @ApiExtraModels(ExportedEventDto)
  @ApiOkResponse({
    description:
      'One event per line, in global order; ends after toPosition (default: the head when it started)',
    content: { 'application/x-ndjson': { schema: { $ref: getSchemaPath(ExportedEventDto) } } },
  })
  @ApiProblems({
    code: 'VALIDATION_FAILED',
    detail: 'toPosition: must not be below fromPosition',
    errors: [{ field: 'toPosition', message: 'must not be below fromPosition' }],
  })
  async export(@Query() query: AuditExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const from = BigInt(query.fromPosition ?? '0');
    const to = query.toPosition === undefined ? await this.store.headPosition() : BigInt(query.toPosition);
    if (query.toPosition !== undefined && to < from) {
      throw new ValidationFailedError([{ field: 'toPosition', message: 'must not be below fromPosition' }]);
    }
    // Fastify pipes the stream into the socket, pulling a page whenever the client has taken the last.
    void reply.type(NDJSON_CONTENT_TYPE).send(exportEvents(this.store, from, to));
  }
}
