import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module';
import { OrderModule } from '../order/order.module';
import { PromotionModule } from '../promotion/promotion.module';
import { TenantModule } from '../tenant/tenant.module';
import { AbandonedCartSweep } from './abandoned-cart.sweep';
import { CartService } from './cart.service';

@Module({
  imports: [TenantModule, OrderModule, PromotionModule, CustomerModule],
  providers: [CartService, AbandonedCartSweep],
  exports: [CartService],
})
export class CartModule {}
