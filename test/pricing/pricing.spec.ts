import fc from 'fast-check';
import { orderCoupons } from '../../src/modules/pricing/coupons';
import { priceCart } from '../../src/modules/pricing/pricing';
import { CouponRule, PricingInput, PricingLine, ShippingMethodRule, ShippingZoneRule, TaxRateRule } from '../../src/modules/pricing/pricing.model';
import { spreadProRata } from '../../src/modules/pricing/rounding';
import { shippingOptions } from '../../src/modules/pricing/shipping-options';
import { vatIdProblem } from '../../src/modules/pricing/vat';

const RATES: TaxRateRule[] = [
  { code: 'DE-STD', country: 'DE', taxClass: 'standard', rateBps: 1900, name: 'DE 19' },
  { code: 'DE-RED', country: 'DE', taxClass: 'reduced', rateBps: 700, name: 'DE 7' },
  { code: 'AT-STD', country: 'AT', taxClass: 'standard', rateBps: 2000, name: 'AT 20' },
  { code: 'US-CA', country: 'US', region: 'CA', taxClass: 'standard', rateBps: 725, name: 'CA' },
  { code: 'US-TX', country: 'US', region: 'TX', taxClass: 'standard', rateBps: 50, name: 'tiny' },
  { code: 'GB-STD', country: 'GB', taxClass: 'standard', rateBps: 500, name: 'GB 5' },
  { code: 'GB-SCO', country: 'GB', region: 'SCT', taxClass: 'standard', rateBps: 1250, name: 'GB region' },
];
const ZONE: ShippingZoneRule = { code: 'all', name: 'All', countries: ['DE', 'AT', 'US', 'GB', 'FR'] };
const flat = (amount: number): ShippingMethodRule => ({ code: 'flat', name: 'Flat', zoneCode: 'all', rate: { kind: 'flat', amount }, active: true });
const freeAbove = (amount: number, above: number): ShippingMethodRule => ({ code: 'fa', name: 'Free above', zoneCode: 'all', rate: { kind: 'free_above', amount, freeAbove: above }, active: true });
const tiers: ShippingMethodRule = { code: 'kg', name: 'By weight', zoneCode: 'all', rate: { kind: 'weight_tiers', tiers: [{ upToGrams: 1000, amount: 500 }, { upToGrams: 5000, amount: 900 }] }, active: true };

let lineNo = 0;
function line(unitPrice: number, quantity = 1, extra: Partial<PricingLine> = {}): PricingLine {
  lineNo++;
  return { lineId: `l${lineNo}`, sku: `S${lineNo}`, productCode: `P${lineNo}`, categoryCodes: [], quantity, unitPrice, taxClass: 'standard', weightGrams: 0, ...extra };
}
function coupon(code: string, kind: CouponRule['kind'], value: number, extra: Partial<CouponRule> = {}): CouponRule {
  return { code, kind, value, productCodes: [], categoryCodes: [], exclusive: false, ...extra };
}
function input(shopCountry: string, inclusive: boolean, lines: PricingLine[], extra: Partial<PricingInput> & { shippingTaxable?: boolean } = {}): PricingInput {
  const { shippingTaxable, ...rest } = extra;
  return {
    shop: { currency: 'EUR', country: shopCountry, pricesIncludeTax: inclusive, shippingTaxable: shippingTaxable ?? false, shippingTaxClass: 'standard' },
    lines,
    taxRates: RATES,
    coupons: [],
    ...rest,
  };
}
const to = (country: string, region?: string) => ({ country, ...(region ? { region } : {}), postalCode: '10115' });
const ship = (method: ShippingMethodRule) => ({ zone: ZONE, method });

interface Case {
  name: string;
  input: PricingInput;
  /** [subtotal, discount, shipping, tax, total] */
  totals: [number, number, number, number, number];
  /** Per line: [discount, tax]. */
  lines?: [number, number][];
  taxRules?: string[];
  reverseCharge?: boolean;
  problems?: string[];
}

// Every expectation below is worked out by hand; the note says how.
const CASES: Case[] = [
  { name: 'exclusive, region rate: 10.00 x 7.25 % = 0.725 -> 0.73', input: input('US', false, [line(1000)], { address: to('US', 'CA') }), totals: [1000, 0, 0, 73, 1073], taxRules: ['US-CA'] },
  { name: 'a shop with no tax rates at all: its one default rate, 10 % of 10.00 = 1.00 (seed 001)', input: input('US', false, [line(1000)], { address: to('US', 'NY'), taxRates: [], shop: { currency: 'EUR', country: 'US', pricesIncludeTax: false, shippingTaxable: false, shippingTaxClass: 'standard', defaultTaxRateBps: 1000 } }), totals: [1000, 0, 0, 100, 1100], taxRules: ['shop_default'] },
  { name: 'the default rate is for shops without rates: one with rates but none here charges no tax', input: input('US', false, [line(1000)], { address: to('US', 'NY'), shop: { currency: 'EUR', country: 'US', pricesIncludeTax: false, shippingTaxable: false, shippingTaxClass: 'standard', defaultTaxRateBps: 1000 } }), totals: [1000, 0, 0, 0, 1000], lines: [[0, 0]] },
  { name: 'exclusive, a region without a rate and no country-wide rate: no tax', input: input('US', false, [line(1000)], { address: to('US', 'NY') }), totals: [1000, 0, 0, 0, 1000], lines: [[0, 0]] },
  { name: 'country-wide rate when the region has none: GB 5 % of 10.00 = 0.50', input: input('GB', false, [line(1000)], { address: to('GB', 'WLS') }), totals: [1000, 0, 0, 50, 1050], taxRules: ['GB-STD'] },
  { name: 'the region rate wins over the country rate: 12.5 % of 10.00 = 1.25', input: input('GB', false, [line(1000)], { address: to('GB', 'SCT') }), totals: [1000, 0, 0, 125, 1125], taxRules: ['GB-SCO'] },
  { name: 'inclusive 19 %: 11.90 contains 1.90', input: input('DE', true, [line(1190)], { address: to('DE') }), totals: [1190, 0, 0, 190, 1190] },
  { name: 'inclusive reduced 7 %: 10.70 contains 0.70', input: input('DE', true, [line(1070, 1, { taxClass: 'reduced' })], { address: to('DE') }), totals: [1070, 0, 0, 70, 1070], taxRules: ['DE-RED'] },
  { name: 'inclusive rounding: 10.00 x 19/119 = 1.5966 -> 1.60', input: input('DE', true, [line(1000)], { address: to('DE') }), totals: [1000, 0, 0, 160, 1000] },
  { name: 'exclusive half up at exactly half a cent: 1.00 x 0.5 % = 0.005 -> 0.01', input: input('US', false, [line(100)], { address: to('US', 'TX') }), totals: [100, 0, 0, 1, 101] },
  { name: 'exclusive just under half a cent: 0.99 x 0.5 % = 0.00495 -> 0.00', input: input('US', false, [line(99)], { address: to('US', 'TX') }), totals: [99, 0, 0, 0, 99] },
  { name: 'two classes, exclusive: 20.00 x 19 % + 10.00 x 7 % = 3.80 + 0.70', input: input('DE', false, [line(2000), line(1000, 1, { taxClass: 'reduced' })], { address: to('DE') }), totals: [3000, 0, 0, 450, 3450], lines: [[0, 380], [0, 70]], taxRules: ['DE-RED', 'DE-STD'] },
  { name: "no address yet: the shop's country: 11.90 inclusive contains 1.90", input: input('DE', true, [line(1190)]), totals: [1190, 0, 0, 190, 1190] },
  { name: 'reverse charge: DE shop, AT buyer with an AT VAT id: no VAT', input: input('DE', false, [line(1000)], { address: to('AT'), vatId: 'ATU12345678' }), totals: [1000, 0, 0, 0, 1000], taxRules: ['reverse_charge'], reverseCharge: true },
  { name: 'no reverse charge in the same country: DE id, DE address: 19 % of 10.00', input: input('DE', false, [line(1000)], { address: to('DE'), vatId: 'DE123456789' }), totals: [1000, 0, 0, 190, 1190], reverseCharge: false },
  { name: 'no reverse charge for a shop outside the EU: AT 20 % of 10.00', input: input('US', false, [line(1000)], { address: to('AT'), vatId: 'ATU12345678' }), totals: [1000, 0, 0, 200, 1200], reverseCharge: false },
  { name: "no reverse charge with another country's id: DE id shipped to AT: 20 %", input: input('DE', false, [line(1000)], { address: to('AT'), vatId: 'DE123456789' }), totals: [1000, 0, 0, 200, 1200], reverseCharge: false },
  { name: 'percentage per line, half up: 10 % of 19.99 = 1.999 -> 2.00, of 10.01 = 1.001 -> 1.00', input: input('FR', false, [line(1999), line(1001)], { coupons: [coupon('P10', 'percentage', 1000)] }), totals: [3000, 300, 0, 0, 2700], lines: [[200, 0], [100, 0]] },
  { name: 'percentage on a quantity: 15 % of 3 x 3.33 = 1.4985 -> 1.50', input: input('FR', false, [line(333, 3)], { coupons: [coupon('P15', 'percentage', 1500)] }), totals: [999, 150, 0, 0, 849] },
  { name: 'cap: 20 % would be 6.00 + 2.00, capped at 3.00 and spread 3:1', input: input('FR', false, [line(3000), line(1000)], { coupons: [coupon('P20', 'percentage', 2000, { maxDiscount: 300 })] }), totals: [4000, 300, 0, 0, 3700], lines: [[225, 0], [75, 0]] },
  { name: 'fixed 10.00 over three equal lines: 3.34 + 3.33 + 3.33 (largest remainder, earlier first)', input: input('FR', false, [line(1000), line(1000), line(1000)], { coupons: [coupon('F10', 'fixed', 1000)] }), totals: [3000, 1000, 0, 0, 2000], lines: [[334, 0], [333, 0], [333, 0]] },
  { name: 'fixed larger than the cart: takes the whole subtotal, never more', input: input('FR', false, [line(3000)], { coupons: [coupon('F50', 'fixed', 5000)] }), totals: [3000, 3000, 0, 0, 0] },
  { name: 'fixed spread pro rata, inclusive, tax per line after discount: 2.26 over 11.90 / 10.70 = 1.19 / 1.07; VAT of 10.71 and 9.63', input: input('DE', true, [line(1190), line(1070, 1, { taxClass: 'reduced' })], { address: to('DE'), coupons: [coupon('F226', 'fixed', 226)] }), totals: [2260, 226, 0, 234, 2034], lines: [[119, 171], [107, 63]] },
  { name: 'stacked: 10 % of 50.00 = 5.00, then fixed 5.00 of what is left', input: input('FR', false, [line(5000)], { coupons: [coupon('P10', 'percentage', 1000), coupon('F5', 'fixed', 500)] }), totals: [5000, 1000, 0, 0, 4000] },
  { name: 'minimum not met: 60.00 needed, 50.00 in the cart: nothing off, the coupon is named', input: input('FR', false, [line(5000)], { coupons: [coupon('MIN60', 'fixed', 500, { minimumSubtotal: 6000 })] }), totals: [5000, 0, 0, 0, 5000], problems: ['MIN60'] },
  { name: 'category scope through ancestors: only the shirt (in clothing) gets 10 %', input: input('FR', false, [line(2000, 1, { categoryCodes: ['shirts', 'clothing'] }), line(1000, 1, { categoryCodes: ['books'] })], { coupons: [coupon('WEAR', 'percentage', 1000, { categoryCodes: ['clothing'] })] }), totals: [3000, 200, 0, 0, 2800], lines: [[200, 0], [0, 0]] },
  { name: 'product scope with no such product in the cart: nothing off, named', input: input('FR', false, [line(2000)], { coupons: [coupon('ONLY', 'fixed', 500, { productCodes: ['ELSEWHERE'] })] }), totals: [2000, 0, 0, 0, 2000], problems: ['ONLY'] },
  { name: 'free shipping: the 4.90 method is charged and taken off again', input: input('FR', false, [line(1000)], { address: to('FR'), shipping: ship(flat(490)), coupons: [coupon('SHIPFREE', 'free_shipping', 0)] }), totals: [1000, 490, 490, 0, 1000] },
  { name: 'free above 50.00, exactly 50.00 after discount: free', input: input('FR', false, [line(5500)], { address: to('FR'), shipping: ship(freeAbove(490, 5000)), coupons: [coupon('F5', 'fixed', 500)] }), totals: [5500, 500, 0, 0, 5000] },
  { name: 'free above 50.00, one cent under: 4.90', input: input('FR', false, [line(4999)], { address: to('FR'), shipping: ship(freeAbove(490, 5000)) }), totals: [4999, 0, 490, 0, 5489] },
  { name: 'weight tiers: exactly 1,000 g is the first tier', input: input('FR', false, [line(100, 4, { weightGrams: 250 })], { address: to('FR'), shipping: ship(tiers) }), totals: [400, 0, 500, 0, 900] },
  { name: 'weight tiers: 1,001 g is the second tier', input: input('FR', false, [line(100, 1, { weightGrams: 1001 })], { address: to('FR'), shipping: ship(tiers) }), totals: [100, 0, 900, 0, 1000] },
  { name: 'taxable shipping, exclusive: 19 % of 10.00 and of 4.90 = 1.90 + 0.931 -> 0.93', input: input('DE', false, [line(1000)], { address: to('DE'), shipping: ship(flat(490)), shippingTaxable: true }), totals: [1000, 0, 490, 283, 1773] },
  { name: 'taxable shipping, inclusive: 4.90 contains 0.7824 -> 0.78', input: input('DE', true, [line(1190)], { address: to('DE'), shipping: ship(flat(490)), shippingTaxable: true }), totals: [1190, 0, 490, 268, 1680] },
  { name: 'reverse charge also clears the tax on shipping', input: input('DE', false, [line(1000)], { address: to('AT'), vatId: 'ATU12345678', shipping: ship(flat(490)), shippingTaxable: true }), totals: [1000, 0, 490, 0, 1490], reverseCharge: true },
];

describe('pricing: one pure module for carts and orders (hand-computed cases)', () => {
  it.each(CASES)('$name', (c) => {
    const priced = priceCart(c.input);
    expect([priced.subtotal, priced.discount, priced.shipping, priced.tax, priced.total]).toEqual(c.totals);
    if (c.lines) expect(priced.lines.map((l) => [l.discount, l.tax])).toEqual(c.lines);
    if (c.taxRules) expect(priced.rules.tax).toEqual(c.taxRules);
    if (c.reverseCharge !== undefined) expect(priced.reverseCharge).toBe(c.reverseCharge);
    expect(priced.couponProblems.map((p) => p.couponCode)).toEqual(c.problems ?? []);
  });

  it('orders coupons: percentage, then fixed, then free shipping; an exclusive one stands alone and the one added last is refused', () => {
    const p = coupon('B-PCT', 'percentage', 1000);
    const f = coupon('A-FIX', 'fixed', 100);
    const s = coupon('C-SHIP', 'free_shipping', 0);
    expect(orderCoupons([s, f, p]).ordered.map((c) => c.code)).toEqual(['B-PCT', 'A-FIX', 'C-SHIP']);
    const x = coupon('ONLY-ME', 'percentage', 2000, { exclusive: true });
    expect(orderCoupons([x, f])).toEqual({ ordered: [x], problem: { couponCode: 'A-FIX', problem: 'ONLY-ME is exclusive: no other coupon can be added' } });
    expect(orderCoupons([f, x]).problem).toEqual({ couponCode: 'ONLY-ME', problem: 'ONLY-ME is exclusive: it cannot be combined with A-FIX' });
  });

  it('offers the methods of the zones that serve an address, cheapest first, and says why none does', () => {
    const zones: ShippingZoneRule[] = [
      { code: 'de', name: 'DE', countries: ['DE'], postalCodePrefixes: ['1'] },
      { code: 'us-west', name: 'West', countries: ['US'], regions: ['CA', 'OR'] },
    ];
    const methods: ShippingMethodRule[] = [
      { ...flat(900), code: 'express', zoneCode: 'de' },
      { ...flat(490), code: 'standard', zoneCode: 'de' },
      { ...flat(100), code: 'retired', zoneCode: 'de', active: false },
      { ...tiers, zoneCode: 'us-west' },
    ];
    const at = (address: { country: string; region?: string; postalCode?: string }, weightGrams = 0) => shippingOptions({ zones, methods, address, subtotalAfterDiscount: 1000, weightGrams });
    expect(at({ country: 'DE', postalCode: '10 115' }).options.map((o) => [o.methodCode, o.amount])).toEqual([['standard', 490], ['express', 900]]);
    expect(at({ country: 'DE', postalCode: '80331' }).refusal).toBe('no shipping zone serves postcode 80331 in DE');
    expect(at({ country: 'US', region: 'NY' }).refusal).toBe('no shipping zone serves region NY of US');
    expect(at({ country: 'FR' }).refusal).toBe('no shipping zone serves country FR');
    expect(at({ country: 'US', region: 'CA' }, 6000)).toEqual({ options: [], refusal: 'the cart (6000 g) is too heavy for every tier of kg' });
  });

  it('checks the format of EU VAT ids against the country', () => {
    expect(vatIdProblem('DE123456789', 'DE')).toBeUndefined();
    expect(vatIdProblem('de 123.456.789', 'DE')).toBeUndefined();
    expect(vatIdProblem('ATU12345678', 'AT')).toBeUndefined();
    expect(vatIdProblem('EL123456789', 'GR')).toBeUndefined();
    expect(vatIdProblem('FRAB123456789', 'FR')).toBeUndefined();
    expect(vatIdProblem('NL123456789B01', 'NL')).toBeUndefined();
    expect(vatIdProblem('DE12345678', 'DE')).toBe('is not in the format of a DE VAT id');
    expect(vatIdProblem('DE123456789', 'AT')).toBe('must start with AT, the prefix of AT');
    expect(vatIdProblem('US123456789', 'US')).toBe('VAT ids are checked for EU countries only, not US');
  });

  it('spreads an amount in proportion and exactly', () => {
    expect(spreadProRata(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(spreadProRata(7, [0, 5, 0])).toEqual([0, 7, 0]);
    expect(spreadProRata(5, [0, 0])).toEqual([0, 0]);
  });

  it('always adds up: total = subtotal - discount + shipping (+ tax when exclusive), no line below zero (property)', () => {
    const anyLine = fc.record({ unitPrice: fc.integer({ min: 0, max: 100_000 }), quantity: fc.integer({ min: 1, max: 20 }), reduced: fc.boolean(), weight: fc.integer({ min: 0, max: 3000 }) });
    const anyCoupon = fc.oneof(
      fc.integer({ min: 1, max: 10_000 }).map((v) => coupon(`P${v}`, 'percentage', v)),
      fc.integer({ min: 1, max: 50_000 }).map((v) => coupon(`F${v}`, 'fixed', v, { maxDiscount: v % 3 === 0 ? Math.ceil(v / 2) : undefined })),
      fc.constant(coupon('SHIP', 'free_shipping', 0)),
    );
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 6 }), fc.uniqueArray(anyCoupon, { maxLength: 3, selector: (c) => c.code }), fc.boolean(), fc.constantFrom('DE', 'AT', 'US'), fc.boolean(), (lines, coupons, inclusive, country, taxableShipping) => {
        const priced = priceCart(
          input('DE', inclusive, lines.map((l) => line(l.unitPrice, l.quantity, { taxClass: l.reduced ? 'reduced' : 'standard', weightGrams: l.weight })), {
            address: to(country),
            shipping: ship(tiers),
            coupons: orderCoupons(coupons).ordered,
            shippingTaxable: taxableShipping,
          }),
        );
        expect(priced.total).toBe(priced.subtotal - priced.discount + priced.shipping + (inclusive ? 0 : priced.tax));
        expect(priced.lines.every((l) => l.total >= 0 && l.discount <= l.subtotal)).toBe(true);
        expect(priced.discount).toBeLessThanOrEqual(priced.subtotal + priced.shipping);
        expect(priced.lines.reduce((s, l) => s + l.tax, 0) + priced.shippingTax).toBe(priced.tax);
      }),
      { numRuns: 300 },
    );
  });
});
