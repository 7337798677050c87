import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../core/tenant-context';
import { TaxRateRule } from '../pricing';
import { TaxRateService } from './tax-rate.service';

/** What carts and orders are priced with: the active rates, newest versions. */
@Injectable()
export class TaxRules {
  constructor(private readonly rates: TaxRateService) {}

  async all(ctx: TenantContext): Promise<TaxRateRule[]> {
    return (await this.rates.list(ctx))
      .filter((r) => r.attributes.active)
      .map(({ code, attributes: a }) => ({ code, country: a.country, ...(a.region ? { region: a.region } : {}), taxClass: a.taxClass, rateBps: a.rateBps, name: a.name }));
  }
}
