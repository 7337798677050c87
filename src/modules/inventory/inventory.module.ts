import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { TenantModule } from '../tenant/tenant.module';
import { InventoryService } from './inventory.service';
import { LowStockAlerts } from './low-stock.alerts';
import { StockLevelCache } from './stock-level.cache';
import { StockStates } from './stock-states';
import { StockReservations } from './stock.reservations';

@Module({
  imports: [CatalogModule, TenantModule],
  providers: [InventoryService, StockReservations, StockLevelCache, LowStockAlerts, StockStates],
  exports: [InventoryService, StockReservations],
})
export class InventoryModule {}
