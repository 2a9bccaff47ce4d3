import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { isBusinessEventType } from '@serial/domain';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/auth.decorators';
import { NotAcceptableError, ValidationFailedError } from '../http/application-errors';
import { ApiProblems } from '../http/problem.openapi';
import { FeedQueryDto, POSITION_PATTERN } from './feed.dto';
import { FeedFilter } from './feed-frame';
import { FeedHub } from './feed-hub';

const EVENT_STREAM = 'text/event-stream';
const MAX_POSITION = 2n ** 63n - 1n;
/** How long an EventSource waits before it reconnects after the stream ends. */
const RECONNECT_MS = 1000;
const EXAMPLE =
  'id: 1201\nevent: SerialDelivered\ndata: {"eventId":"0190f0c2-…","streamId":"serial-LAPTOP:SN-0001","type":"SerialDelivered","revision":1,"position":"1201","recordedAt":"2026-12-01T09:30:00.000Z","data":{"productId":"LAPTOP","serialNumber":"SN-0001","fromLocationId":"WH/Stock","toLocationId":"Partners/Customers","customerId":"C-1"},"metadata":{"userId":"clerk-anna"}}\n\n: keep-alive\n\n';

/** Server-Sent Events over every change (API.md "Change feed and webhooks"). */
@ApiTags('feed')
@Controller('v1/feed')
export class FeedController {
  constructor(private readonly hub: FeedHub) {}

  @Get()
  @Roles('integration', 'auditor')
  @ApiOperation({
    summary: 'Follow every change as Server-Sent Events',
    description:
      'Starts after Last-Event-ID (a reconnecting client), else after fromPosition, else at the head. ' +
      'Each event: id (its position), event (its type), data (the event as /v1/audit/events items). ' +
      'A comment line keeps the connection alive every 15 s; a client reading too slowly is disconnected ' +
      'and resumes with Last-Event-ID.',
  })
  @ApiProduces(EVENT_STREAM)
  @ApiHeader({ name: 'Accept', required: true, example: EVENT_STREAM })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this position',
    example: '1200',
  })
  @ApiOkResponse({
    description: 'The event stream',
    content: { [EVENT_STREAM]: { schema: { type: 'string' }, example: EXAMPLE } },
  })
  @ApiProblems(
    {
      code: 'VALIDATION_FAILED',
      detail: 'types: must be a comma-separated list of event types',
      errors: [{ field: 'types', message: 'must be a comma-separated list of event types' }],
    },
    'NOT_ACCEPTABLE',
  )
  async feed(
    @Query() query: FeedQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!accept?.split(',').some((type) => type.split(';')[0].trim().toLowerCase() === EVENT_STREAM)) {
      throw new NotAcceptableError(`The feed is Server-Sent Events: send Accept: ${EVENT_STREAM}`);
    }
    const after = startPosition(lastEventId, query.fromPosition);
    const filter = new FeedFilter(eventTypes(query.types), query.productId ?? null);
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': `${EVENT_STREAM}; charset=utf-8`,
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    out.write(`retry: ${RECONNECT_MS}\n\n`);
    // Past the headers nothing can answer with a problem document: the client reconnects instead.
    await this.hub.open(out, filter, after).catch(() => out.end());
  }
}

function startPosition(
  lastEventId: string | undefined,
  fromPosition: string | undefined,
): bigint | undefined {
  const [field, value] =
    lastEventId !== undefined ? ['Last-Event-ID', lastEventId.trim()] : ['fromPosition', fromPosition];
  if (value === undefined) return undefined;
  const position = POSITION_PATTERN.test(value) ? BigInt(value) : undefined;
  if (position === undefined || position > MAX_POSITION) {
    throw new ValidationFailedError([{ field, message: 'must be a position: a decimal integer below 2^63' }]);
  }
  return position;
}

function eventTypes(types: string | undefined): ReadonlySet<string> | null {
  if (types === undefined) return null;
  const listed = types.split(',');
  const unknown = listed.filter((type) => !isBusinessEventType(type));
  if (unknown.length > 0) {
    throw new ValidationFailedError([
      { field: 'types', message: `unknown event types: ${unknown.join(', ')}` },
    ]);
  }
  return new Set(listed);
}
