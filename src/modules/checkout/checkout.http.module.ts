import { Module } from '@nestjs/common';
import { CartModule } from '../cart/cart.module';
import { OrderModule } from '../order/order.module';
import { CheckoutController } from './checkout.controller';
import { CheckoutModule } from './checkout.module';

/** The checkout's HTTP routes (`/carts/:id/complete`, `/carts/:id/order`); its services live in CheckoutModule. */
@Module({
  imports: [CheckoutModule, CartModule, OrderModule],
  controllers: [CheckoutController],
})
export class CheckoutHttpModule {}
