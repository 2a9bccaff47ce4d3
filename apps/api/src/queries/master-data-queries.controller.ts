import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  READ_STORE,
  type LocationDocument,
  type Page,
  type ProductDocument,
  type ReadStore,
} from '@serial/read-models';
import { Roles } from '../auth/auth.decorators';
import { PageQueryDto } from './queries.dto';
import { ReadsReadModels } from './read-your-writes';
import { DEFAULT_PAGE_SIZE, withCursor } from './serial-queries.controller';

@ApiTags('master data')
@Roles('reporter')
@ReadsReadModels()
@Controller('v1')
export class MasterDataQueriesController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  @Get('products')
  @ApiOperation({ summary: 'Every product, by id' })
  async products(
    @Query() { limit = DEFAULT_PAGE_SIZE, cursor }: PageQueryDto,
  ): Promise<Page<ProductDocument>> {
    return withCursor(() => this.readStore.listProducts({ limit, cursor }));
  }

  @Get('locations')
  @ApiOperation({ summary: 'Every location, by id' })
  async locations(
    @Query() { limit = DEFAULT_PAGE_SIZE, cursor }: PageQueryDto,
  ): Promise<Page<LocationDocument>> {
    return withCursor(() => this.readStore.listLocations({ limit, cursor }));
  }
}
