import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  InvalidCursorError,
  READ_STORE,
  toSerialView,
  type HistoryEntry,
  type Page,
  type ReadStore,
  type SerialView,
  type StockRow,
} from '@serial/read-models';
import { Roles } from '../auth/auth.decorators';
import { NotFoundError, ValidationFailedError } from '../http/application-errors';
import { EntityIdPipe, SerialNumberPipe } from '../shared/path-params';
import { ListSerialsQueryDto, StockQueryDto, WarrantyQueryDto } from './queries.dto';
import { ReadsReadModels } from './read-your-writes';

export const DEFAULT_PAGE_SIZE = 100;

/** A cursor the store did not issue is the caller's mistake: 400, naming the field. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new ValidationFailedError([{ field: 'cursor', message: error.message }]);
    throw error;
  }
}

@ApiTags('read models')
@Roles('reporter')
@ReadsReadModels()
@Controller('v1')
export class SerialQueriesController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  @Get('products/:productId/serials/:serialNumber')
  @ApiOperation({ summary: "A serial's current location, status, warranty and references" })
  async serial(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<SerialView> {
    const document = await this.readStore.getSerial(productId, serialNumber);
    if (!document)
      throw new NotFoundError(`Serial number ${serialNumber} of product ${productId} does not exist`);
    return toSerialView(document, new Date());
  }

  @Get('products/:productId/serials/:serialNumber/history')
  @ApiOperation({ summary: 'Every move of the serial, oldest first: date, from, to, document, user' })
  async history(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<{ items: HistoryEntry[] }> {
    const items = await this.readStore.serialHistory(productId, serialNumber);
    if (items.length === 0)
      throw new NotFoundError(`Serial number ${serialNumber} of product ${productId} does not exist`);
    return { items };
  }

  @Get('serials')
  @ApiOperation({ summary: 'Serials by product, serial, location, status, customer or reference; paginated' })
  async list(@Query() query: ListSerialsQueryDto): Promise<Page<SerialView>> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...filter } = query;
    const page = await withCursor(() => this.readStore.listSerials(filter, { limit, cursor }));
    const now = new Date();
    return { items: page.items.map((document) => toSerialView(document, now)), nextCursor: page.nextCursor };
  }

  @Get('reports/stock')
  @ApiOperation({
    summary: 'Serials on hand per product and internal location: available, reserved, on hand',
  })
  async stock(@Query() query: StockQueryDto): Promise<{ items: StockRow[] }> {
    return { items: await this.readStore.stock(query) };
  }

  @Get('reports/warranty')
  @ApiOperation({ summary: 'Serials whose active warranty ends before the given time' })
  async warranty(@Query() query: WarrantyQueryDto): Promise<{ items: SerialView[] }> {
    const now = new Date();
    const documents = await this.readStore.warrantiesEndingBefore(new Date(query.expiringBefore), now);
    return { items: documents.map((document) => toSerialView(document, now)) };
  }
}
