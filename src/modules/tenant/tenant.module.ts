import { Module } from '@nestjs/common';
import { PublishableKeyService } from './publishable-key.service';
import { ShopSettingsService } from './shop-settings.service';
import { TenantDirectory } from './tenant.directory';
import { TenantService } from './tenant.service';
import { TenantSweepRunner } from './tenant-sweep.runner';
import { ShopDomains } from './shop-domains';
import { StorefrontDirectory } from './storefront-directory';

@Module({
  providers: [TenantService, TenantDirectory, TenantSweepRunner, PublishableKeyService, ShopSettingsService, ShopDomains, StorefrontDirectory],
  exports: [TenantService, TenantDirectory, TenantSweepRunner, PublishableKeyService, ShopSettingsService, StorefrontDirectory],
})
export class TenantModule {}
