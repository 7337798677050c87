import { Module } from '@nestjs/common';
import { CartModule } from '../cart/cart.module';
import { OrderModule } from '../order/order.module';
import { TenantModule } from '../tenant/tenant.module';
import { CheckoutService } from './checkout.service';

@Module({
  imports: [CartModule, OrderModule, TenantModule],
  providers: [CheckoutService],
  exports: [CheckoutService],
})
export class CheckoutModule {}
