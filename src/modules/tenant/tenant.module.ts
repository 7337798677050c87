import { Module } from '@nestjs/common';
import { TenantController } from './tenant.controller';
import { TenantDirectory } from './tenant.directory';
import { TenantService } from './tenant.service';

@Module({
  controllers: [TenantController],
  providers: [TenantService, TenantDirectory],
  exports: [TenantService, TenantDirectory],
})
export class TenantModule {}
