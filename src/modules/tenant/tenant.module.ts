import { Module } from '@nestjs/common';
import { PublishableKeyService } from './publishable-key.service';
import { ShopSettingsService } from './shop-settings.service';
import { TenantDirectory } from './tenant.directory';
import { TenantService } from './tenant.service';
import { TenantSweepRunner } from './tenant-sweep.runner';

@Module({
  providers: [TenantService, TenantDirectory, TenantSweepRunner, PublishableKeyService, ShopSettingsService],
  exports: [TenantService, TenantDirectory, TenantSweepRunner, PublishableKeyService, ShopSettingsService],
})
export class TenantModule {}
