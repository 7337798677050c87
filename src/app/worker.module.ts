import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { CartModule } from '../modules/cart/cart.module';
import { CatalogModule } from '../modules/catalog/catalog.module';
import { InventoryModule } from '../modules/inventory/inventory.module';
import { NotificationModule } from '../modules/notification/notification.module';
import { OrderModule } from '../modules/order/order.module';
import { PaymentModule } from '../modules/payment/payment.module';
import { TenantModule } from '../modules/tenant/tenant.module';

/**
 * The stream and schedule Lambdas: every bounded context's services, sync handlers, sweeps and
 * event subscribers, and nothing of HTTP (no controllers, validation, JWT or Swagger), so their
 * bundles stay small. The order of `imports` is the order the declared handlers of one entity
 * type run in, and the sweeps (core/registry.ts `instancesIn`): notification's mails first,
 * then order's stock steps, then payment's (test/core/registry.spec.ts pins it).
 */
@Module({
  imports: [CoreModule, NotificationModule, TenantModule, CatalogModule, InventoryModule, OrderModule, CartModule, PaymentModule],
})
export class WorkerModule {}
