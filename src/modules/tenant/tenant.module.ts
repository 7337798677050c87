import { Module } from '@nestjs/common';
import { ShopSettingsService } from './shop-settings.service';
import { TenantDirectory } from './tenant.directory';
import { TenantService } from './tenant.service';
import { TenantSweepRunner } from './tenant-sweep.runner';

@Module({
  providers: [TenantService, TenantDirectory, TenantSweepRunner, ShopSettingsService],
  exports: [TenantService, TenantDirectory, TenantSweepRunner, ShopSettingsService],
})
export class TenantModule {}
