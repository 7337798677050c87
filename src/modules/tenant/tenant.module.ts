import { Module } from '@nestjs/common';
import { PublishableKeys } from './publishable-key.service';
import { ShopSettingsService } from './shop-settings.service';
import { TenantDirectory } from './tenant.directory';
import { TenantService } from './tenant.service';
import { TenantSweepRunner } from './tenant-sweep.runner';

@Module({
  providers: [TenantService, TenantDirectory, TenantSweepRunner, ShopSettingsService, PublishableKeys],
  exports: [TenantService, TenantDirectory, TenantSweepRunner, ShopSettingsService, PublishableKeys],
})
export class TenantModule {}
