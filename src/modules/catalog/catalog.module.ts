import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { ProductService } from './product.service';

@Module({
  imports: [TenantModule],
  providers: [ProductService],
  exports: [ProductService],
})
export class CatalogModule {}
