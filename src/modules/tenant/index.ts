/**
 * The public surface of `tenant`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { guestActionCounts, guestOrderCount, recipientMailCount } from './guest-limits';
export { PublishableKeyService } from './publishable-key.service';
export { OFFLINE_PAYMENT_KINDS, offlineMethodName, offlinePaymentKind, SETTINGS_ENTITY } from './shop-settings.model';
export type { OfflinePaymentKind, ShopSettings, StorefrontSettings } from './shop-settings.model';
export { ShopSettingsService } from './shop-settings.service';
export { TenantSweepRunner } from './tenant-sweep.runner';
export { StorefrontDirectory } from './storefront-directory';
export type { StorefrontConfig } from './shop-domains';
export { TenantDirectory } from './tenant.directory';
export { TENANT_ENTITY } from './tenant.keys';
export type { TenantCreatedEvent } from './tenant.events';
export { DEFAULT_TAX_RATE_BPS, tenantLimits } from './tenant.model';
export type { TenantAttributes, TenantLimits } from './tenant.model';
