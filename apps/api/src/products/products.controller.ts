import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { productStreamId } from '@serial/domain';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { evolveProductDocument, READ_STORE, type ReadStore } from '@serial/read-models';
import type { CommandMetadata } from '@serial/runtime';
import { Roles } from '../auth/auth.decorators';
import { NotFoundError } from '../http/application-errors';
import { CommandContext } from '../http/command-context';
import { DEFAULT_PAGE_SIZE, PageQueryDto, withCursor } from '../http/pagination';
import { ApiPathParam, EntityIdPipe } from '../http/path-params';
import { ApiProblems } from '../http/problem.openapi';
import { ReadsReadModels } from '../http/read-your-writes';
import { ExecuteProductCommand } from './product-command.handler';
import { CreateProductDto, ProductDto, ProductPageDto, UpdateProductDto } from './products.dto';

const productNotFound = { code: 'NOT_FOUND', detail: 'Product LAPTOP-17 does not exist' };

/**
 * A product is answered from its own stream, folded by the read model's projection: the answer to a
 * write is current without waiting for the projector, and it cannot differ from the list's documents.
 */
@ApiTags('master data')
@Controller('v1/products')
export class ProductsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a product' })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiProblems(
    'PRODUCT_ALREADY_EXISTS',
    'GTIN_ALREADY_USED',
    'TRACKING_REQUIRES_STORABLE',
    'CONCURRENCY_CONFLICT',
  )
  async create(
    @Body() dto: CreateProductDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<ProductDto> {
    const { id: productId, type: productType, ...rest } = dto;
    const data = { productId, productType, ...rest };
    await this.commandBus.execute(new ExecuteProductCommand({ type: 'RegisterProduct', data }, metadata));
    return this.product(productId);
  }

  @Patch(':productId')
  @Roles('admin')
  @ApiOperation({ summary: "Change a product's name, tracking, GTIN, warranty or serial format" })
  @ApiOkResponse({ type: ProductDto })
  @ApiPathParam('productId', 'Product id', 'LAPTOP-15')
  @ApiProblems(
    productNotFound,
    'PRODUCT_HAS_SERIALS',
    'GTIN_ALREADY_USED',
    'TRACKING_REQUIRES_STORABLE',
    'CONCURRENCY_CONFLICT',
  )
  async update(
    @Param('productId', EntityIdPipe) productId: string,
    @Body() dto: UpdateProductDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<ProductDto> {
    const command = { type: 'UpdateProduct' as const, data: { productId, ...dto } };
    await this.commandBus.execute(new ExecuteProductCommand(command, metadata));
    return this.product(productId);
  }

  @Get(':productId')
  @Roles('reporter')
  @ApiOperation({ summary: 'A product, from its own events (always current)' })
  @ApiOkResponse({ type: ProductDto })
  @ApiPathParam('productId', 'Product id', 'LAPTOP-15')
  @ApiProblems(productNotFound)
  async product(@Param('productId', EntityIdPipe) productId: string): Promise<ProductDto> {
    const events = await this.store.readStream(productStreamId(productId));
    const view = events.reduce(evolveProductDocument, null);
    if (!view) throw new NotFoundError(`Product ${productId} does not exist`);
    return view;
  }

  @Get()
  @Roles('reporter')
  @ReadsReadModels()
  @ApiOperation({ summary: 'Every product, by id' })
  @ApiOkResponse({ type: ProductPageDto })
  async products(@Query() { limit = DEFAULT_PAGE_SIZE, cursor }: PageQueryDto): Promise<ProductPageDto> {
    return withCursor(() => this.readStore.listProducts({ limit, cursor }));
  }
}
