import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { NotificationModule } from '../notification/notification.module';
import { TenantModule } from '../tenant/tenant.module';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';
import { LowStockAlerts } from './low-stock.alerts';
import { StockLevelCache } from './stock-level.cache';
import { StockReservations } from './stock.reservations';

@Module({
  imports: [CatalogModule, NotificationModule, TenantModule],
  controllers: [InventoryController],
  providers: [InventoryService, StockReservations, StockLevelCache, LowStockAlerts],
  exports: [StockReservations],
})
export class InventoryModule {}
