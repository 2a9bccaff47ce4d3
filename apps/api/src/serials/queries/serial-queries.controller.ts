import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { READ_STORE, toSerialView, type ReadStore } from '@serial/read-models';
import { Roles } from '../../auth/auth.decorators';
import { NotFoundError } from '../../http/application-errors';
import { DEFAULT_PAGE_SIZE, withCursor } from '../../http/pagination';
import { ApiSerialPath, EntityIdPipe, SerialNumberPipe } from '../../http/path-params';
import { ApiProblems } from '../../http/problem.openapi';
import { ListSerialsQueryDto, StockQueryDto, WarrantyQueryDto } from './serial-queries.dto';
import { ReadsReadModels } from '../../http/read-your-writes';
import { SerialHistoryDto } from './serial-history.dto';
import { SerialPageDto, SerialViewDto, WarrantyReportDto } from './serial-view.dto';
import { StockReportDto } from './stock-report.dto';

@ApiTags('read models')
@Roles('reporter')
@ReadsReadModels()
@Controller('v1')
export class SerialQueriesController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  @Get('products/:productId/serials/:serialNumber')
  @ApiOperation({ summary: "A serial's current location, status, warranty and references" })
  @ApiOkResponse({ type: SerialViewDto })
  @ApiSerialPath()
  @ApiProblems('NOT_FOUND')
  async serial(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<SerialViewDto> {
    const document = await this.readStore.getSerial(productId, serialNumber);
    if (!document)
      throw new NotFoundError(`Serial number ${serialNumber} of product ${productId} does not exist`);
    return toSerialView(document, new Date());
  }

  @Get('products/:productId/serials/:serialNumber/history')
  @ApiOperation({ summary: 'Every move of the serial, oldest first: date, from, to, document, user' })
  @ApiOkResponse({ type: SerialHistoryDto })
  @ApiSerialPath()
  @ApiProblems('NOT_FOUND')
  async history(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<SerialHistoryDto> {
    const items = await this.readStore.serialHistory(productId, serialNumber);
    if (items.length === 0)
      throw new NotFoundError(`Serial number ${serialNumber} of product ${productId} does not exist`);
    return { items };
  }

  @Get('serials')
  @ApiOperation({ summary: 'Serials by product, serial, location, status, customer or reference; paginated' })
  @ApiOkResponse({ type: SerialPageDto })
  async list(@Query() query: ListSerialsQueryDto): Promise<SerialPageDto> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...filter } = query;
    const page = await withCursor(() => this.readStore.listSerials(filter, { limit, cursor }));
    const now = new Date();
    return { items: page.items.map((document) => toSerialView(document, now)), nextCursor: page.nextCursor };
  }

  @Get('reports/stock')
  @ApiOperation({
    summary: 'Serials on hand per product and internal location: available, reserved, on hand',
  })
  @ApiOkResponse({ type: StockReportDto })
  async stock(@Query() query: StockQueryDto): Promise<StockReportDto> {
    return { items: await this.readStore.stock(query) };
  }

  @Get('reports/warranty')
  @ApiOperation({
    summary:
      'Serials whose active warranty ends before the given time, optionally at one customer; paginated',
  })
  @ApiOkResponse({ type: WarrantyReportDto })
  async warranty(@Query() query: WarrantyQueryDto): Promise<WarrantyReportDto> {
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
