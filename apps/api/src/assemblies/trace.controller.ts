import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { READ_STORE, TRACE_KEYS, toSerialView, type ReadStore } from '@serial/read-models';
import { Roles } from '../auth/auth.decorators';
import { NotFoundError, ValidationFailedError } from '../http/application-errors';
import { DEFAULT_PAGE_SIZE, withCursor } from '../http/pagination';
import { ApiSerialPath, EntityIdPipe, SerialNumberPipe } from '../http/path-params';
import { ApiProblems } from '../http/problem.openapi';
import { ReadsReadModels } from '../http/read-your-writes';
import { ComponentsDto, SerialTraceDto, TracePageDto, TraceQueryDto } from './trace.dto';

@ApiTags('traceability')
@Roles('reporter')
@ReadsReadModels()
@Controller('v1')
export class TraceController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  @Get('trace')
  @ApiOperation({
    summary: 'Every serial a document, partner or lot ever touched, where it is now and its outermost unit',
  })
  @ApiOkResponse({ type: TracePageDto })
  async trace(@Query() query: TraceQueryDto): Promise<TracePageDto> {
    const given = TRACE_KEYS.filter((key) => query[key] !== undefined);
    if (given.length !== 1) {
      const message = `give exactly one of ${TRACE_KEYS.join(', ')}`;
      throw new ValidationFailedError(
        (given.length === 0 ? TRACE_KEYS : given).map((field) => ({ field, message })),
      );
    }
    const [key] = given;
    const { limit = DEFAULT_PAGE_SIZE, cursor, productId } = query;
    const page = await withCursor(() =>
      this.readStore.trace({ key, value: query[key] as string, productId }, { limit, cursor }),
    );
    const now = new Date();
    return {
      items: page.items.map((item) => ({
        ...item,
        serial: toSerialView(item.serial, now),
        topLevel: item.topLevel && toSerialView(item.topLevel, now),
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get('products/:productId/serials/:serialNumber/components')
  @ApiOperation({ summary: 'What is installed in the serial now, recursively' })
  @ApiOkResponse({ type: ComponentsDto })
  @ApiSerialPath()
  @ApiProblems('NOT_FOUND')
  async components(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<ComponentsDto> {
    await this.existing(productId, serialNumber);
    return { items: await this.readStore.componentTree(productId, serialNumber) };
  }

  @Get('products/:productId/serials/:serialNumber/trace')
  @ApiOperation({
    summary: 'The serial, the units it is installed in up to the outermost, and its components',
  })
  @ApiOkResponse({ type: SerialTraceDto })
  @ApiSerialPath()
  @ApiProblems('NOT_FOUND')
  async serialTrace(
    @Param('productId', EntityIdPipe) productId: string,
    @Param('serialNumber', SerialNumberPipe) serialNumber: string,
  ): Promise<SerialTraceDto> {
    const serial = await this.existing(productId, serialNumber);
    const [chain, components] = await Promise.all([
      this.readStore.installedInChain(productId, serialNumber),
      this.readStore.componentTree(productId, serialNumber),
    ]);
    const now = new Date();
    return {
      serial: toSerialView(serial, now),
      installedIn: chain.map((document) => toSerialView(document, now)),
      components,
    };
  }

  private async existing(productId: string, serialNumber: string) {
    const document = await this.readStore.getSerial(productId, serialNumber);
    if (!document)
      throw new NotFoundError(`Serial number ${serialNumber} of product ${productId} does not exist`);
    return document;
  }
}
