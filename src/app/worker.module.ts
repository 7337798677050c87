import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { PortsModule } from './ports.module';
import { CartModule } from '../modules/cart/cart.module';
import { CatalogModule } from '../modules/catalog/catalog.module';
import { InventoryModule } from '../modules/inventory/inventory.module';
import { NotificationModule } from '../modules/notification/notification.module';
import { OrderModule } from '../modules/order/order.module';
import { PaymentModule } from '../modules/payment/payment.module';
import { TenantModule } from '../modules/tenant/tenant.module';

/**
 * The stream and schedule Lambdas: every bounded context's services, sync handlers and sweeps,
 * and nothing of HTTP (no controllers, validation, JWT or Swagger), so their bundles stay small.
 */
@Module({
  imports: [CoreModule, PortsModule, TenantModule, CatalogModule, InventoryModule, OrderModule, NotificationModule, CartModule, PaymentModule],
})
export class WorkerModule {}
