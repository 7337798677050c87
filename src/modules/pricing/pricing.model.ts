/**
 * The contract of the pricing module: what a cart or an order is priced from, and what comes
 * out. All amounts are integers in minor units of `currency`; rates are basis points.
 * `pricing.ts` implements it as pure functions (no I/O), the same code for carts and orders.
 */

/** What the shop says about its prices (from the tenant's settings). */
export interface PricingShop {
  currency: string;
  /** ISO 3166-1 alpha-2 country of the shop (for VAT reverse charge). */
  country: string;
  /** Catalog prices already include tax (EU style) or not (US style). */
  pricesIncludeTax: boolean;
  /** Whether shipping is taxed, and at which tax class. */
  shippingTaxable: boolean;
  shippingTaxClass: string;
  /**
   * The shop's one rate while it has no tax rates at all (the tenant's `taxRateBps`, 10 % unless
   * set, as seed 001 taxes every order): once it has any, the rates alone decide.
   */
  defaultTaxRateBps?: number;
}

export interface PricingLine {
  lineId: string;
  sku: string;
  productCode: string;
  /** Categories the product is in, each with its ancestors (a coupon on a category covers its descendants). */
  categoryCodes: string[];
  quantity: number;
  /** The catalog price of one unit (tax included when `pricesIncludeTax`). */
  unitPrice: number;
  taxClass: string;
  weightGrams: number;
}

export interface PricingAddress {
  country: string;
  region?: string;
  postalCode?: string;
}

/** One tax rate of the shop: per destination country (optionally region) and tax class. */
export interface TaxRateRule {
  code: string;
  country: string;
  region?: string;
  taxClass: string;
  rateBps: number;
  name: string;
}

export type ShippingRate =
  | { kind: 'flat'; amount: number }
  /** Flat `amount`, free when the cart's subtotal after discounts is at least `freeAbove`. */
  | { kind: 'free_above'; amount: number; freeAbove: number }
  /** The first tier whose `upToGrams` is >= the cart's weight; heavier than every tier: not served. */
  | { kind: 'weight_tiers'; tiers: { upToGrams: number; amount: number }[] };

export interface ShippingZoneRule {
  code: string;
  name: string;
  countries: string[];
  /** When set, the zone serves only these regions of its countries. */
  regions?: string[];
  /** When set, the zone serves only postcodes starting with one of these. */
  postalCodePrefixes?: string[];
}

export interface ShippingMethodRule {
  code: string;
  name: string;
  zoneCode: string;
  rate: ShippingRate;
  active: boolean;
}

export type CouponKind = 'percentage' | 'fixed' | 'free_shipping';

export interface CouponRule {
  code: string;
  kind: CouponKind;
  /** Basis points for `percentage` (1500 = 15 %), minor units for `fixed`, unused for `free_shipping`. */
  value: number;
  /** Only lines of these products / categories (with descendants) count; both empty = whole cart. */
  productCodes: string[];
  categoryCodes: string[];
  /** The eligible subtotal must be at least this (minor units). */
  minimumSubtotal?: number;
  /** The discount of this coupon never exceeds this (minor units). */
  maxDiscount?: number;
  /** Exclusive coupons cannot be combined with any other coupon. */
  exclusive: boolean;
}

export interface PricingInput {
  shop: PricingShop;
  lines: PricingLine[];
  address?: PricingAddress;
  /** The buyer's VAT id (EU B2B), already format-checked. */
  vatId?: string;
  taxRates: TaxRateRule[];
  shipping?: { zone: ShippingZoneRule; method: ShippingMethodRule };
  /** Coupons in the order they apply (`orderCoupons` decides it); validity in time and usage is checked elsewhere. */
  coupons: CouponRule[];
}

export interface PricedLine {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  /** unitPrice * quantity */
  subtotal: number;
  discount: number;
  /** Tax of this line after its discount (included in `total` when prices include tax, added otherwise). */
  tax: number;
  taxRateBps: number;
  /** Which rate produced the tax: a tax rate code, `reverse_charge`, `shop_default`, or `no_rate`. */
  taxRule: string;
  /** What the shopper pays for this line: subtotal - discount (+ tax when prices exclude tax). */
  total: number;
}

export interface AppliedDiscount {
  couponCode: string;
  kind: CouponKind;
  /** Off the lines (or, for free shipping, off shipping). */
  amount: number;
}

export interface PricedCart {
  currency: string;
  lines: PricedLine[];
  subtotal: number;
  /** Sum of line discounts plus any shipping discount (a free-shipping coupon). */
  discount: number;
  /** The chosen method's price, before any free-shipping coupon (0 without a method). */
  shipping: number;
  shippingTax: number;
  /** All tax: lines plus shipping. */
  tax: number;
  /** Always `subtotal - discount + shipping`, plus `tax` when prices exclude tax. */
  total: number;
  taxIncluded: boolean;
  reverseCharge: boolean;
  /** Which rule produced each figure, for people (history, mails, support). */
  rules: {
    tax: string[];
    shipping?: string;
    discounts: AppliedDiscount[];
  };
  /** Coupons that gave nothing and why (minimum not met, no eligible line). Not an error by itself. */
  couponProblems: { couponCode: string; problem: string }[];
}
