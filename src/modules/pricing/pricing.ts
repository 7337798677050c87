import { addedTax, divideHalfUp, includedTax, spreadProRata } from './rounding';
import { methodPrice } from './shipping-options';
import { AppliedDiscount, CouponRule, PricedCart, PricedLine, PricingAddress, PricingInput, PricingLine, TaxRateRule } from './pricing.model';
import { isEuCountry, normalizeVatId } from './vat';

/**
 * Prices a cart or an order: pure, integers only (minor units; rates in basis points).
 *
 * 1. Lines: subtotal = unit price x quantity.
 * 2. Coupons, in the order given (see `orderCoupons`), each on what earlier ones left:
 *    - the eligible lines are those of its products or categories (a line's categories include
 *      their ancestors), all lines when it names none; its minimum is compared to the eligible
 *      lines' subtotal; a coupon whose minimum is not met, or with no eligible line, gives 0
 *      and is listed in `couponProblems`;
 *    - percentage: per eligible line, half up; fixed: min(value, what is left) spread over the
 *      eligible lines in proportion to what is left of each (largest remainder);
 *    - `maxDiscount` caps a coupon's total (re-spread in proportion);
 *    - free shipping takes the shipping price off (after the method is priced).
 * 3. Shipping: the method's price for the goods after line discounts and the cart's weight.
 * 4. Tax, per line after its discount, rounded half up per line: `net x rate` when prices
 *    exclude tax, `gross x rate / (1 + rate)` when they include it. The rate is the one of the
 *    line's tax class in the destination (region rate first, else the country-wide one; no
 *    address: the shop's country); none: 0 (`no_rate`). A shop with no tax rates at all taxes
 *    every line at its one default rate (`shop_default`). Shipping is taxed the same way at the
 *    shop's shipping tax class when the shop says so.
 * 5. Reverse charge: shop and destination in the EU, different countries, and a VAT id of the
 *    destination: no tax at all (`reverse_charge`). Prices are charged as they are: a shop
 *    selling B2B across borders with tax-inclusive prices should quote them net.
 * 6. total = subtotal - discount + shipping, plus tax when prices exclude it.
 */
export function priceCart(input: PricingInput): PricedCart {
  const { shop } = input;
  const destination: PricingAddress = input.address ?? { country: shop.country };
  const reverseCharge = isReverseCharge(shop.country, destination.country, input.vatId);

  const lines = input.lines.map((line) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new Error(`line ${line.lineId}: quantity must be a positive integer`);
    return { line, subtotal: line.unitPrice * line.quantity, discount: 0 };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.subtotal, 0);

  const discounts: AppliedDiscount[] = [];
  const couponProblems: PricedCart['couponProblems'] = [];
  const freeShipping: CouponRule[] = [];
  for (const coupon of input.coupons) {
    const eligible = lines.filter((l) => isEligible(coupon, l.line));
    if (eligible.length === 0) {
      couponProblems.push({ couponCode: coupon.code, problem: 'no line of the cart is eligible' });
      continue;
    }
    const eligibleSubtotal = eligible.reduce((sum, l) => sum + l.subtotal, 0);
    if (coupon.minimumSubtotal !== undefined && eligibleSubtotal < coupon.minimumSubtotal) {
      couponProblems.push({ couponCode: coupon.code, problem: `the eligible subtotal ${eligibleSubtotal} is below the minimum ${coupon.minimumSubtotal}` });
      continue;
    }
    if (coupon.kind === 'free_shipping') {
      freeShipping.push(coupon);
      continue;
    }
    const left = eligible.map((l) => l.subtotal - l.discount);
    let parts =
      coupon.kind === 'percentage'
        ? left.map((amount) => Math.min(amount, divideHalfUp(amount * coupon.value, 10_000)))
        : spreadProRata(Math.min(coupon.value, sum(left)), left);
    if (coupon.maxDiscount !== undefined && sum(parts) > coupon.maxDiscount) parts = spreadProRata(coupon.maxDiscount, parts);
    eligible.forEach((l, i) => (l.discount += parts[i]));
    discounts.push({ couponCode: coupon.code, kind: coupon.kind, amount: sum(parts) });
  }
  const lineDiscount = lines.reduce((s, l) => s + l.discount, 0);

  let shipping = 0;
  let shippingRule: string | undefined;
  if (input.shipping) {
    const weight = input.lines.reduce((s, l) => s + l.weightGrams * l.quantity, 0);
    const price = methodPrice(input.shipping.method, subtotal - lineDiscount, weight);
    if (price) {
      shipping = price.amount;
      shippingRule = price.rule;
    }
  }
  let shippingDiscount = 0;
  for (const coupon of freeShipping) {
    const amount = shipping - shippingDiscount;
    shippingDiscount += amount;
    discounts.push({ couponCode: coupon.code, kind: 'free_shipping', amount });
  }
  const chargedShipping = shipping - shippingDiscount;

  const taxRulesUsed = new Set<string>();
  const taxOf = (amount: number, taxClass: string): { tax: number; rateBps: number; rule: string } => {
    if (reverseCharge) return { tax: 0, rateBps: 0, rule: 'reverse_charge' };
    const rate = findRate(input.taxRates, destination, taxClass) ?? shopDefaultRate(input);
    if (!rate) return { tax: 0, rateBps: 0, rule: 'no_rate' };
    taxRulesUsed.add(rate.code);
    return { tax: shop.pricesIncludeTax ? includedTax(amount, rate.rateBps) : addedTax(amount, rate.rateBps), rateBps: rate.rateBps, rule: rate.code };
  };

  const priced: PricedLine[] = lines.map(({ line, subtotal: lineSubtotal, discount }) => {
    const net = lineSubtotal - discount;
    const { tax, rateBps, rule } = taxOf(net, line.taxClass);
    return {
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal: lineSubtotal,
      discount,
      tax,
      taxRateBps: rateBps,
      taxRule: rule,
      total: net + (shop.pricesIncludeTax ? 0 : tax),
    };
  });
  const shippingTax = shop.shippingTaxable && chargedShipping > 0 ? taxOf(chargedShipping, shop.shippingTaxClass).tax : 0;
  const tax = priced.reduce((s, l) => s + l.tax, 0) + shippingTax;
  const discount = lineDiscount + shippingDiscount;
  return {
    currency: shop.currency,
    lines: priced,
    subtotal,
    discount,
    shipping,
    shippingTax,
    tax,
    total: subtotal - discount + shipping + (shop.pricesIncludeTax ? 0 : tax),
    taxIncluded: shop.pricesIncludeTax,
    reverseCharge,
    rules: { tax: reverseCharge ? ['reverse_charge'] : [...taxRulesUsed].sort(), ...(shippingRule ? { shipping: shippingRule } : {}), discounts },
    couponProblems,
  };
}

/** EU B2B across a border with the destination's VAT id: the buyer accounts for the VAT. */
export function isReverseCharge(shopCountry: string, destinationCountry: string, vatId: string | undefined): boolean {
  if (!vatId || !isEuCountry(shopCountry) || !isEuCountry(destinationCountry) || shopCountry.toUpperCase() === destinationCountry.toUpperCase()) return false;
  const prefix = destinationCountry.toUpperCase() === 'GR' ? 'EL' : destinationCountry.toUpperCase();
  return normalizeVatId(vatId).startsWith(prefix);
}

/** The rate of a tax class in the destination: the region's first, else the country-wide one. */
export function findRate(rates: readonly TaxRateRule[], destination: PricingAddress, taxClass: string): TaxRateRule | undefined {
  const country = destination.country.toUpperCase();
  const candidates = rates.filter((r) => r.country === country && r.taxClass === taxClass);
  const region = destination.region?.toUpperCase();
  return (region && candidates.find((r) => r.region?.toUpperCase() === region)) || candidates.find((r) => !r.region);
}

function isEligible(coupon: CouponRule, line: PricingLine): boolean {
  if (!coupon.productCodes.length && !coupon.categoryCodes.length) return true;
  return coupon.productCodes.includes(line.productCode) || line.categoryCodes.some((c) => coupon.categoryCodes.includes(c));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A shop that has not set up tax rates taxes at its one default rate (seed 001's flat tax). */
function shopDefaultRate({ taxRates, shop }: PricingInput): { code: string; rateBps: number } | undefined {
  return taxRates.length === 0 && shop.defaultTaxRateBps ? { code: 'shop_default', rateBps: shop.defaultTaxRateBps } : undefined;
}
