import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { Roles } from '../auth/auth.decorators';
import { toLoggedEvent } from './audit-event';
import { AuditEventPageDto } from './audit-event.dto';
import { AuditEventsQueryDto } from './audit.dto';

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
}
