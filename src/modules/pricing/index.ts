/**
 * The public surface of `pricing`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { orderCoupons } from './coupons';
export { priceCart } from './pricing';
export type { CouponKind, CouponRule, PricedCart, PricingInput, PricingLine, ShippingMethodRule, ShippingRate, ShippingZoneRule, TaxRateRule } from './pricing.model';
export { spreadProRata } from './rounding';
export { shippingOptions } from './shipping-options';
export type { ShippingOption } from './shipping-options';
export { vatIdProblem } from './vat';
