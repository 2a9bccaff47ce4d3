import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  READ_STORE,
  toSerialView,
  type HistoryEntry,
  type Page,
  type ReadStore,
  type SerialView,
  type StockRow,
} from '@serial/read-models';
import { Roles } from '../../auth/auth.decorators';
import { NotFoundError } from '../../http/application-errors';
import { DEFAULT_PAGE_SIZE, withCursor } from '../../http/pagination';
import { EntityIdPipe, SerialNumberPipe } from '../../http/path-params';
import { ListSerialsQueryDto, StockQueryDto, WarrantyQueryDto } from './serial-queries.dto';
import { ReadsReadModels } from '../../http/read-your-writes';

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
  @ApiOperation({
    summary:
      'Serials whose active warranty ends before the given time, optionally at one customer; paginated',
  })
  async warranty(@Query() query: WarrantyQueryDto): Promise<Page<SerialView>> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, expiringBefore, customerId } = query;
    const now = new Date();
    const page = await withCursor(() =>
      this.readStore.warranties(
        { expiringBefore: new Date(expiringBefore), now, customerId },
        { limit, cursor },
      ),
    );
    return { items: page.items.map((document) => toSerialView(document, now)), nextCursor: page.nextCursor };
  }
}
