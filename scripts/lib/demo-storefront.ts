/**
 * The demo shop's storefront, set up by `npm start`: a publishable key (label `storefront`) as
 * its storefront.publishableKey and the domain `localhost`, so the local storefront finds the
 * demo shop with GET /storefront/config?host=localhost. Once per data folder: a shop whose
 * storefront is set already is left as it is.
 */
import { CommandService } from '../../src/core/command.service';
import { systemActorContext } from '../../src/core/tenant-context';
import { TenantItemStore } from '../../src/core/tenant-item.store';
import { PublishableKeyService } from '../../src/modules/tenant/publishable-key.service';
import { ShopDomains } from '../../src/modules/tenant/shop-domains';
import { ShopSettingsService } from '../../src/modules/tenant/shop-settings.service';
import { TenantDirectory } from '../../src/modules/tenant/tenant.directory';

export async function ensureDemoStorefront(tenant: string): Promise<boolean> {
  const commands = new CommandService();
  const items = new TenantItemStore();
  const keys = new PublishableKeyService(items, new TenantDirectory(commands));
  const settings = new ShopSettingsService(commands, new ShopDomains(items, keys));
  const ctx = systemActorContext(tenant, 'script:start', 'start');
  const { version, settings: current } = await settings.read(ctx);
  if (current.storefront?.publishableKey) return false;
  const { key } = await keys.create(ctx, 'storefront');
  await settings.update(ctx, { expectedVersion: version, storefront: { domains: ['localhost'], publishableKey: key } });
  return true;
}
