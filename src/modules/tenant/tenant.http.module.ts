import { Module } from '@nestjs/common';
import { PublishableKeyController } from './publishable-key.controller';
import { ShopSettingsController } from './shop-settings.controller';
import { TenantController } from './tenant.controller';
import { TenantModule } from './tenant.module';
import { StorefrontConfigController } from './storefront-config.controller';

/** The tenant context's HTTP routes; its services live in TenantModule, which the stream and schedule Lambdas load without HTTP. */
@Module({
  imports: [TenantModule],
  controllers: [TenantController, PublishableKeyController, ShopSettingsController, StorefrontConfigController],
})
export class TenantHttpModule {}
