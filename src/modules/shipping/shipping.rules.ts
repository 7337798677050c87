import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { ShippingMethodRule, ShippingZoneRule } from '../pricing';
import { ShippingService } from './shipping.service';

/** What carts are priced with: the active zones and methods, newest versions (an admin's change counts at once). */
@Injectable()
export class ShippingRules {
  constructor(private readonly shipping: ShippingService) {}

  async all(ctx: TenantContext): Promise<{ zones: ShippingZoneRule[]; methods: ShippingMethodRule[] }> {
    const [zones, methods] = await Promise.all([this.shipping.zones(ctx), this.shipping.methods(ctx)]);
    return {
      zones: zones.filter((z) => z.attributes.active).map(({ code, name, attributes: a }) => ({ code, name: name ?? code, countries: a.countries, ...(a.regions ? { regions: a.regions } : {}), ...(a.postalCodePrefixes ? { postalCodePrefixes: a.postalCodePrefixes } : {}) })),
      methods: methods.filter((m) => m.attributes.active).map(({ code, name, attributes: a }) => ({ code, name: name ?? code, zoneCode: a.zoneCode, rate: a.rate, active: true })),
    };
  }
}
