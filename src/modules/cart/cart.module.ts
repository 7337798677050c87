import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { PromotionModule } from '../promotion/promotion.module';
import { ShippingModule } from '../shipping/shipping.module';
import { TaxModule } from '../tax/tax.module';
import { TenantModule } from '../tenant/tenant.module';
import { AbandonedCartSweep } from './abandoned-cart.sweep';
import { CartPricer } from './cart.pricer';
import { CartService } from './cart.service';

@Module({
  imports: [TenantModule, CatalogModule, ShippingModule, TaxModule, PromotionModule],
  providers: [CartService, CartPricer, AbandonedCartSweep],
  exports: [CartService, CartPricer],
})
export class CartModule {}
