import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { locationStreamId, serialStreamId } from '@serial/domain';
import { EVENT_STORE, verifyStream, type EventStore } from '@serial/event-store';
import {
  evolveLocationDocument,
  evolveSerialDocument,
  pathsFrom,
  toSerialView,
  type LocationDocument,
  type LocationPathOf,
  type SerialDocument,
} from '@serial/read-models';
import { Roles } from '../../auth/auth.decorators';
import { APP_CONFIG, type AppConfig } from '@serial/runtime';
import { NotFoundError } from '../../http/application-errors';
import { ApiSerialPath, EntityIdPipe, SerialNumberPipe } from '../../http/path-params';
import { toAuditEvent } from '../../audit/audit-event';
import { ApiProblems } from '../../http/problem.openapi';
import { SerialViewDto } from '../queries/serial-view.dto';
import { AsOfQueryDto, ChainVerificationDto, SerialEventsDto } from './serial-audit.dto';

/** Auditors read the event store itself, never a read model: what they verify is what was written. */
@ApiTags('audit')
@Roles('auditor')
@ApiProblems('NOT_FOUND')
@ApiSerialPath()
@Controller('v1')
export class SerialAuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('products/:productId/serials/:serialNumber/events')
  @ApiOperation({ summary: "A serial's raw event stream with its hash chain" })
  @ApiOkResponse({ type: SerialEventsDto })
  async events(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<SerialEventsDto> {
    const { streamId, events } = await this.serialStream(productId, serialNumber);
    return { streamId, items: events.map((event) => toAuditEvent(event)) };
  }

  @Get('products/:productId/serials/:serialNumber/state')
  @ApiOperation({ summary: "The serial's state rebuilt from its events up to asOf, in SerialView's shape" })
  @ApiOkResponse({ type: SerialViewDto })
  async state(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
    @Query() query: AsOfQueryDto,
  ): Promise<SerialViewDto> {
    const asOf = query.asOf ? new Date(query.asOf) : new Date();
    const { events } = await this.serialStream(productId, serialNumber, asOf);
    const pathOf = await this.locationPaths(events.map((event) => event.data.toLocationId));
    const document = events.reduce<SerialDocument | null>(
      (folded, event) => evolveSerialDocument(folded, event, pathOf),
      null,
    );
    if (!document)
      throw new NotFoundError(`Serial number ${serialNumber} did not exist at ${asOf.toISOString()}`);
    return toSerialView(document, asOf);
  }

  @Get('products/:productId/serials/:serialNumber/verify')
  @ApiOperation({
    summary: "Checks the serial's hash chain: any altered, removed or reordered event breaks it",
  })
  @ApiOkResponse({ type: ChainVerificationDto })
  async verify(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<ChainVerificationDto> {
    const { events } = await this.serialStream(productId, serialNumber);
    return verifyStream(events);
  }

  /** From the locations' own streams, like the serial's: a path never changes, so now is as of any time. */
  private async locationPaths(destinations: unknown[]): Promise<LocationPathOf> {
    const ids = [...new Set(destinations.filter((id): id is string => typeof id === 'string'))];
    const locations = await Promise.all(
      ids.map(async (id) =>
        (await this.store.readStream(locationStreamId(id))).reduce(evolveLocationDocument, null),
      ),
    );
    return pathsFrom(locations.filter((location): location is LocationDocument => location !== null));
  }

  private async serialStream(productId: string, serialNumber: string, asOf?: Date) {
    const streamId = serialStreamId(this.config.serialUniqueness, productId, serialNumber);
    const stored = await this.store.readStream(streamId, asOf ? { maxRecordedAt: asOf } : undefined);
    // With global uniqueness the stream is the serial number's, whatever its product: it must be this one.
    const events = stored.length > 0 && stored[0].data.productId === productId ? stored : [];
    if (events.length === 0 && !asOf) {
      throw new NotFoundError(`Serial number ${serialNumber} of product ${productId} does not exist`);
    }
    return { streamId, events };
  }
}
