import { Injectable, Optional } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { ValidationFailedError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { UpdateShopSettingsDto } from './dto/shop-settings.dto';
import { ShopDomains } from './shop-domains';
import { offlineMethodName, SETTINGS_CODE, SETTINGS_ENTITY, ShopSettings, shopSettings } from './shop-settings.model';

/** The tenant admin's storefront settings: one versioned entity per tenant, defaults filled in. */
@Injectable()
export class ShopSettingsService {
  constructor(
    private readonly commands: CommandService,
    /** Optional: one made by hand (the media function, tests) only reads settings. */
    @Optional() private readonly domains?: ShopDomains,
  ) {}

  /** The settings in force now (newest version: a change made a moment ago counts). */
  async current(ctx: TenantContext): Promise<ShopSettings> {
    return (await this.read(ctx)).settings;
  }

  async read(ctx: TenantContext): Promise<{ version: number; settings: ShopSettings }> {
    const stored = await this.commands.getLatest<Partial<ShopSettings>>(ctx, SETTINGS_ENTITY, SETTINGS_CODE);
    return { version: stored?.version ?? 0, settings: shopSettings(stored?.attributes) };
  }

  async update(ctx: TenantContext, dto: UpdateShopSettingsDto): Promise<{ version: number; settings: ShopSettings }> {
    const { expectedVersion, ...changes } = dto;
    const current = expectedVersion === 0 ? undefined : await this.commands.getLatest<Partial<ShopSettings>>(ctx, SETTINGS_ENTITY, SETTINGS_CODE);
    const next = shopSettings({ ...(current?.attributes ?? {}), ...changes });
    const offline = next.offlinePaymentMethods.map(offlineMethodName);
    const twice = offline.filter((m, i) => offline.indexOf(m) !== i);
    if (twice.length) throw new ValidationFailedError([{ field: 'offlinePaymentMethods', problem: `${twice.join(', ')} is named more than once` }]);
    const both = offline.filter((m) => next.onlinePaymentMethods.includes(m));
    if (both.length) throw new ValidationFailedError([{ field: 'onlinePaymentMethods', problem: `${both.join(', ')} cannot be both offline and online` }]);
    // A storefront's domains are claimed (and dropped) in the same transaction as this version.
    if (!this.domains) throw new Error('settings are changed only by the ShopSettingsService Nest makes (with ShopDomains)');
    const claims = await this.domains.changes(ctx, current?.attributes.storefront, next.storefront);
    let written;
    try {
      written = await this.commands.publish<ShopSettings>(ctx, { type: SETTINGS_ENTITY, code: SETTINGS_CODE, attributes: next }, { expectedVersion, alsoWrite: claims });
    } catch (error) {
      await this.domains.explain(ctx, error, next.storefront);
      throw error;
    }
    return { version: written.version, settings: written.attributes };
  }
}
