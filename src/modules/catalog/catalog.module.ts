import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { ProductController } from './product.controller';
import { ProductService } from './product.service';

@Module({
  imports: [TenantModule],
  controllers: [ProductController],
  providers: [ProductService],
  exports: [ProductService],
})
export class CatalogModule {}
