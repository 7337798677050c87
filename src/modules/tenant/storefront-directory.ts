import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { config } from '../../config';
import { NotFoundError } from '../../core/errors';
import { systemActorContext } from '../../core/tenant-context';
import { PublishableKeyService } from './publishable-key.service';
import { ShopDomains, StorefrontConfig, StorefrontPayment } from './shop-domains';
import { offlineMethodForShoppers, ShopSettings } from './shop-settings.model';
import { ShopSettingsService } from './shop-settings.service';
import { TenantDirectory } from './tenant.directory';

/**
 * Which shop a storefront serves: by the host it is reached on (one deployed storefront, many
 * shops), or by the shop's code (local development). Only shops whose storefront is enabled (a
 * publishable key set, still active) are found; every miss is the same 404 `unknown_host`.
 * Reads the newest settings and the claim (strongly consistent), never the lagging tables.
 */
@Injectable()
export class StorefrontDirectory {
  constructor(
    private readonly domains: ShopDomains,
    private readonly settings: ShopSettingsService,
    private readonly tenants: TenantDirectory,
    private readonly keys: PublishableKeyService,
  ) {}

  async byHost(host: string): Promise<StorefrontConfig> {
    return this.configOf(await this.domains.byHost(host), host);
  }

  async byTenant(tenantCode: string): Promise<StorefrontConfig> {
    return this.configOf(tenantCode, undefined);
  }

  private async configOf(tenantCode: string, host: string | undefined): Promise<StorefrontConfig> {
    const unknown = () => new NotFoundError(host !== undefined ? 'storefront host' : 'storefront of shop', host ?? tenantCode, { reason: 'unknown_host' });
    const tenant = /^[a-z0-9][a-z0-9-]{1,39}$/.test(tenantCode) ? await this.tenants.find(tenantCode) : undefined;
    if (!tenant?.attributes.enabled) throw unknown();
    const ctx = systemActorContext(tenantCode, 'storefront-directory', ulid());
    const settings = await this.settings.current(ctx);
    const storefront = settings.storefront;
    const { timeZone } = settings;
    const key = storefront?.publishableKey;
    if (!key || (host !== undefined && !storefront.domains.includes(host))) throw unknown();
    // A revoked key would only give the storefront 401s: the storefront is off until another is set.
    if ((await this.keys.authenticate(key, ctx.requestId))?.tenantCode !== tenantCode) throw unknown();
    // The shop's zone only when it chose one: the storefront then shows dates in it, else in the shopper's.
    return { tenant: tenantCode, publishableKey: key, name: tenant.name ?? tenantCode, currency: tenant.attributes.currency, payment: paymentOf(settings), ...(timeZone ? { timeZone } : {}) };
  }
}

/** The provider is the one PaymentProviders.forShop picks (the setting, else the deployment's default). */
function paymentOf(settings: ShopSettings): StorefrontPayment {
  const provider = settings.paymentProvider ?? config().defaultPaymentProvider;
  return {
    provider,
    onlineMethods: settings.onlinePaymentMethods,
    offlineMethods: settings.offlinePaymentMethods.map((entry) => offlineMethodForShoppers(settings, entry)),
    ...(provider === 'stripe' && settings.stripePublishableKey ? { stripePublishableKey: settings.stripePublishableKey } : {}),
  };
}
