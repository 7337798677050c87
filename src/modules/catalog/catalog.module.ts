import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { CategoryService } from './category.service';
import { ProductService } from './product.service';
import { VariantCatalog } from './variant.catalog';

@Module({
  imports: [TenantModule],
  providers: [ProductService, CategoryService, VariantCatalog],
  exports: [ProductService, CategoryService, VariantCatalog],
})
export class CatalogModule {}
