import { Module } from '@nestjs/common';
import { ProductCommandHandler } from './product-command.handler';
import { ProductsController } from './products.controller';

@Module({ controllers: [ProductsController], providers: [ProductCommandHandler] })
export class ProductsModule {}
