import { Module } from '@nestjs/common';
import { CartController } from './cart.controller';
import { CartModule } from './cart.module';

/** The cart context's HTTP routes; its services live in CartModule. */
@Module({
  imports: [CartModule],
  controllers: [CartController],
})
export class CartHttpModule {}
