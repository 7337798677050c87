import { OrderAccessTokens } from './order-access';
import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { InventoryModule } from '../inventory/inventory.module';
import { PromotionModule } from '../promotion/promotion.module';
import { ShippingModule } from '../shipping/shipping.module';
import { TaxModule } from '../tax/tax.module';
import { TenantModule } from '../tenant/tenant.module';
import { OrderStockHolds } from './order-stock.holds';
import { ReturnService } from './return.service';
import { ReturnStockSyncHandler } from './return-stock.sync-handler';
import { OrderStockSyncHandler } from './order-stock.sync-handler';
import { GuestEmailIndexBackfill } from './guest-email-index.sweep';
import { PaymentHoldSweep } from './payment-hold.sweep';
import { PendingOrderSweep } from './pending-order.sweep';
import { OrderNumbers } from './order.numbers';
import { OrderPlacement } from './order.placement';
import { OrderPricer } from './order.pricer';
import { OrderService } from './order.service';
import { GuestOrderClaims } from './order-claims';
import { validateStateMachine } from './order.state-machine';

// A broken transition table fails the process at start-up, not an order at run time.
validateStateMachine();

@Module({
  imports: [InventoryModule, TenantModule, PromotionModule, CatalogModule, TaxModule, ShippingModule],
  providers: [OrderService, OrderAccessTokens, OrderPricer, OrderPlacement, OrderNumbers, OrderStockHolds, ReturnService, ReturnStockSyncHandler, OrderStockSyncHandler, PendingOrderSweep, PaymentHoldSweep, GuestEmailIndexBackfill, GuestOrderClaims],
  exports: [OrderService, OrderAccessTokens, OrderPricer, OrderPlacement, OrderStockHolds, ReturnService, GuestOrderClaims],
})
export class OrderModule {}
