import { PricingAddress, ShippingMethodRule, ShippingZoneRule } from './pricing.model';

export interface ShippingOption {
  methodCode: string;
  methodName: string;
  zoneCode: string;
  amount: number;
  /** How the price was made, for people. */
  rule: string;
}

/** Upper case without spaces: how postcodes are compared with a zone's prefixes. */
export function normalizePostalCode(postalCode: string | undefined): string {
  return (postalCode ?? '').toUpperCase().replace(/\s+/g, '');
}

/** Why a zone does not serve an address, or nothing when it does. */
export function zoneRefusal(zone: ShippingZoneRule, address: PricingAddress): string | undefined {
  if (!zone.countries.includes(address.country.toUpperCase())) return `no shipping zone serves country ${address.country}`;
  if (zone.regions?.length && !zone.regions.includes((address.region ?? '').toUpperCase())) return `no shipping zone serves region ${address.region ?? '(none)'} of ${address.country}`;
  const postcode = normalizePostalCode(address.postalCode);
  if (zone.postalCodePrefixes?.length && !zone.postalCodePrefixes.some((p) => postcode.startsWith(normalizePostalCode(p)))) return `no shipping zone serves postcode ${address.postalCode ?? '(none)'} in ${address.country}`;
  return undefined;
}

/** A method's price for a cart, or nothing when its tiers do not reach the cart's weight. */
export function methodPrice(method: ShippingMethodRule, subtotalAfterDiscount: number, weightGrams: number): { amount: number; rule: string } | undefined {
  const rate = method.rate;
  if (rate.kind === 'flat') return { amount: rate.amount, rule: `${method.code}: flat` };
  if (rate.kind === 'free_above') {
    return subtotalAfterDiscount >= rate.freeAbove ? { amount: 0, rule: `${method.code}: free from ${rate.freeAbove}` } : { amount: rate.amount, rule: `${method.code}: flat below ${rate.freeAbove}` };
  }
  const tier = [...rate.tiers].sort((a, b) => a.upToGrams - b.upToGrams).find((t) => weightGrams <= t.upToGrams);
  return tier ? { amount: tier.amount, rule: `${method.code}: up to ${tier.upToGrams} g` } : undefined;
}

/**
 * The active methods of the zones that serve the address, priced for this cart, cheapest
 * first. With none, `refusal` says why (the country, region or postcode no zone serves, or a
 * cart heavier than every tier).
 */
export function shippingOptions(input: { zones: ShippingZoneRule[]; methods: ShippingMethodRule[]; address: PricingAddress; subtotalAfterDiscount: number; weightGrams: number }): { options: ShippingOption[]; refusal?: string } {
  const refusals = input.zones.map((zone) => zoneRefusal(zone, input.address));
  const serving = input.zones.filter((_, i) => !refusals[i]);
  if (!serving.length) {
    // The most specific reason: a zone that knows the country but not the region or postcode.
    const specific = refusals.find((r) => r && !r.includes('serves country'));
    return { options: [], refusal: specific ?? `no shipping zone serves country ${input.address.country}` };
  }
  const options: ShippingOption[] = [];
  let tooHeavy: string | undefined;
  for (const zone of serving) {
    for (const method of input.methods.filter((m) => m.active && m.zoneCode === zone.code)) {
      const price = methodPrice(method, input.subtotalAfterDiscount, input.weightGrams);
      if (price) options.push({ methodCode: method.code, methodName: method.name, zoneCode: zone.code, amount: price.amount, rule: price.rule });
      else tooHeavy = `the cart (${input.weightGrams} g) is too heavy for every tier of ${method.code}`;
    }
  }
  options.sort((a, b) => a.amount - b.amount || a.methodCode.localeCompare(b.methodCode));
  return options.length ? { options } : { options, refusal: tooHeavy ?? `no shipping method serves ${input.address.country}` };
}
