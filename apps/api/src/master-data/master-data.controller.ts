import { Body, Controller, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { locationStreamId, productStreamId } from '@serial/domain';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { Roles } from '../auth/auth.decorators';
import { CommandContext } from '../commands/command-context';
import type { CommandMetadata } from '../commands/command-runner';
import { NotFoundError } from '../http/application-errors';
import { EntityIdPipe } from '../shared/path-params';
import {
  CreateLocationDto,
  CreateProductDto,
  LocationDto,
  ProductDto,
  UpdateProductDto,
} from './master-data.dto';
import { ExecuteLocationCommand, ExecuteProductCommand } from './master-data.handlers';
import { locationView, productView } from './master-data.views';

@ApiTags('master data')
@Controller('v1')
export class MasterDataController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post('products')
  @Roles('admin')
  @ApiCreatedResponse({ type: ProductDto })
  async createProduct(
    @Body() dto: CreateProductDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<ProductDto> {
    const { id: productId, type: productType, ...rest } = dto;
    await this.commandBus.execute(
      new ExecuteProductCommand(
        { type: 'RegisterProduct', data: { productId, productType, ...rest } },
        metadata,
      ),
    );
    return this.product(productId);
  }

  @Patch('products/:productId')
  @Roles('admin')
  @ApiOkResponse({ type: ProductDto })
  async updateProduct(
    @Param('productId', EntityIdPipe) productId: string,
    @Body() dto: UpdateProductDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<ProductDto> {
    await this.commandBus.execute(
      new ExecuteProductCommand({ type: 'UpdateProduct', data: { productId, ...dto } }, metadata),
    );
    return this.product(productId);
  }

  @Get('products/:productId')
  @Roles('reporter')
  @ApiOkResponse({ type: ProductDto })
  async product(@Param('productId', EntityIdPipe) productId: string): Promise<ProductDto> {
    const view = productView(await this.store.readStream(productStreamId(productId)));
    if (!view) throw new NotFoundError(`Product ${productId} does not exist`);
    return view;
  }

  @Post('locations')
  @Roles('admin')
  @ApiCreatedResponse({ type: LocationDto })
  async createLocation(
    @Body() dto: CreateLocationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<LocationDto> {
    const command = {
      type: 'RegisterLocation' as const,
      data: { locationId: dto.id, name: dto.name, locationType: dto.type },
    };
    await this.commandBus.execute(new ExecuteLocationCommand(command, metadata));
    return this.location(dto.id);
  }

  @Get('locations/:locationId')
  @Roles('reporter')
  @ApiOkResponse({ type: LocationDto })
  async location(@Param('locationId', EntityIdPipe) locationId: string): Promise<LocationDto> {
    const view = locationView(await this.store.readStream(locationStreamId(locationId)));
    if (!view) throw new NotFoundError(`Location ${locationId} does not exist`);
    return view;
  }
}
