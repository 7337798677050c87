import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { CategoryService } from './category.service';
import { ProductService } from './product.service';
import { VariantStockStates } from './variant-stock';
import { VariantCatalog } from './variant.catalog';

@Module({
  imports: [TenantModule],
  providers: [ProductService, CategoryService, VariantCatalog, VariantStockStates],
  exports: [ProductService, CategoryService, VariantCatalog, VariantStockStates],
})
export class CatalogModule {}
