import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { InventoryModule } from '../inventory/inventory.module';
import { OrderModule } from '../order/order.module';
import { TenantModule } from '../tenant/tenant.module';
import { BulkJobs } from './bulk-jobs';
import { ExportJobs } from './export.jobs';
import { ExportRunner } from './export.runner';
import { ImportJobs } from './import.jobs';
import { CategoryPaths } from './category-paths';
import { ImportRunner } from './import.runner';
import { JobFiles } from './job-files';

@Module({
  imports: [TenantModule, CatalogModule, InventoryModule, OrderModule],
  providers: [JobFiles, ImportJobs, ExportJobs, CategoryPaths, ImportRunner, ExportRunner, BulkJobs],
  exports: [ImportJobs, ExportJobs, BulkJobs],
})
export class BulkModule {}
