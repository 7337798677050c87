import { Injectable } from '@nestjs/common';
import { CommandItem } from '../../core/entity';
import { Money } from '../../core/money';
import { TenantContext } from '../../core/tenant-context';
import { TenantSnapshots } from '../../core/tenant-snapshots';
import { SaleableVariant, VariantCatalog } from '../catalog';
import { orderCoupons, priceCart, PricedCart, PricingInput, PricingLine, ShippingMethodRule, ShippingOption, shippingOptions, ShippingZoneRule, TaxRateRule } from '../pricing';
import { CouponAttributes, CouponBook, CouponRefusal, Redeemer } from '../promotion';
import { SHIPPING_METHOD_ENTITY, SHIPPING_ZONE_ENTITY, ShippingRules } from '../shipping';
import { TAX_RATE_ENTITY, TaxRules } from '../tax';
import { SETTINGS_ENTITY, ShopSettings, ShopSettingsService, TenantDirectory } from '../tenant';
import { Address } from './order.model';

/** One line as priced: what the buyer asked for and the price it has (a cart stores these at each version). */
export interface DraftLine {
  lineId: string;
  sku: string;
  productCode: string;
  name: string;
  options: Record<string, string>;
  quantity: number;
  unitPrice: Money;
}

/** A line's figures. */
export interface DraftLineTotals {
  lineId: string;
  subtotal: Money;
  discount: Money;
  tax: Money;
  taxRateBps: number;
  taxRule: string;
  total: Money;
}

/** The figures of a priced draft (a cart keeps them at each version: its history shows why a total was what it was). */
export interface DraftTotals {
  lines: DraftLineTotals[];
  subtotal: Money;
  discount: Money;
  shipping: Money;
  tax: Money;
  total: Money;
  taxIncluded: boolean;
  reverseCharge: boolean;
  coupons: { code: string; kind: string; amount: Money }[];
  rules: { tax: string[]; shipping?: string };
}

/** What pricing needs of an order to be (a cart's version, or the lines of `POST /orders`). */
export interface PricingDraft {
  currency: string;
  lines: DraftLine[];
  shippingAddress?: Address;
  vatId?: string;
  shippingMethodCode?: string;
  /** No `shippingMethodCode`: charge the cheapest method that serves the address, if any does (`POST /orders`). */
  cheapestShipping?: boolean;
  couponCodes: string[];
}

export interface CouponRefusalView {
  code: string;
  reason: CouponRefusal;
  message: string;
}

/** A draft priced now: from the newest catalog, rates, methods and coupons. */
export interface PricedDraft {
  settings: ShopSettings;
  /** The lines with today's names, options and prices; lines whose SKU is no longer for sale are left out. */
  lines: DraftLine[];
  /** SKUs of the draft's lines that are not for sale (unknown, inactive, or in another currency). */
  unavailableSkus: string[];
  totals: DraftTotals;
  couponRefusals: CouponRefusalView[];
  /** The chosen method, when it still serves the address. */
  shippingOption?: ShippingOption;
  /** Why the chosen method no longer applies. */
  shippingProblem?: string;
  zones: ShippingZoneRule[];
  methods: ShippingMethodRule[];
  /** Weight of the saleable lines, for shipping by weight. */
  weightGrams: number;
}

/** What a shop prices every order with, whatever is in it: settings, tax rates, zones and methods. */
export interface ShopRules {
  settings: ShopSettings;
  /** The tenant's `taxRateBps`: the one rate of a shop without tax rates. */
  defaultTaxRateBps?: number;
  taxRates: TaxRateRule[];
  zones: ShippingZoneRule[];
  methods: ShippingMethodRule[];
}

/** The entity types the shop's rules are made of: a version of one published here forgets the snapshot. */
const RULE_TYPES = [SETTINGS_ENTITY, TAX_RATE_ENTITY, SHIPPING_ZONE_ENTITY, SHIPPING_METHOD_ENTITY];

/**
 * What an order of these lines costs now: the one pricing of carts and orders. Prices with the
 * pure pricing module, from the newest versions of the products and coupons (command table
 * reads: a price changed a moment ago counts) and the shop's rules from their per-tenant
 * snapshot (`rules()`: settings, tax rates, zones and methods, at most `TENANT_CACHE_SECONDS`
 * old, a change made through this instance at once). The same code prices every cart read, cart
 * change, checkout and `POST /orders`: the rules (which need no lines: started beside the
 * caller's own read), then the products the lines came from (each line names its product)
 * beside the coupons and their counters. Only a SKU no longer in its line's product costs more:
 * its claim, then the product that holds it now.
 */
@Injectable()
export class OrderPricer {
  constructor(
    private readonly variants: VariantCatalog,
    private readonly settings: ShopSettingsService,
    private readonly taxes: TaxRules,
    private readonly shipping: ShippingRules,
    private readonly coupons: CouponBook,
    private readonly snapshots: TenantSnapshots,
    private readonly tenants: TenantDirectory,
  ) {}

  /** The shop's rules, each read at once (no lines needed: start it before reading the cart or the products). */
  rules(ctx: TenantContext): Promise<ShopRules> {
    const kept = this.snapshots.read(ctx.tenantCode, RULE_TYPES, () =>
      Promise.all([this.settings.current(ctx), this.taxes.all(ctx), this.shipping.all(ctx)]).then(([settings, taxRates, { zones, methods }]) => ({ settings, taxRates, zones, methods })),
    );
    // The tenant's default rate from its directory, beside the snapshot (cached as long; forgotten when this instance changes the tenant).
    const rules = Promise.all([kept, this.tenants.find(ctx.tenantCode)]).then(([shop, tenant]): ShopRules =>
      tenant?.attributes.taxRateBps !== undefined ? { ...shop, defaultTaxRateBps: tenant.attributes.taxRateBps } : shop,
    );
    // Started before the caller is known to be allowed: a refused request leaves it unawaited.
    rules.catch(() => undefined);
    return rules;
  }

  /**
   * `variants`: the lines' variants when the caller read them already (from the products it
   * names, in this request), so they are not read twice.
   */
  async price(ctx: TenantContext, cart: PricingDraft, redeemer: Redeemer | undefined, options: { rules?: Promise<ShopRules>; variants?: Map<string, SaleableVariant>; now?: Date } = {}): Promise<PricedDraft> {
    const now = options.now ?? new Date();
    const [{ settings, taxRates, defaultTaxRateBps, ...rules }, variants, coupons, counters] = await Promise.all([
      options.rules ?? this.rules(ctx),
      options.variants ?? this.variants.variants(ctx, [...new Set(cart.lines.map((l) => l.sku))], new Map(cart.lines.map((l) => [l.sku, l.productCode]))),
      Promise.all(cart.couponCodes.map(async (code) => ({ code, coupon: await this.coupons.find(ctx, code) }))),
      this.coupons.counters(ctx, cart.couponCodes, redeemer),
    ]);
    const saleable = (sku: string) => {
      const variant = variants.get(sku);
      return variant && variant.active && variant.price.currency === cart.currency ? variant : undefined;
    };
    const lines = cart.lines.flatMap((line) => {
      const variant = saleable(line.sku);
      return variant ? [refreshed(line, variant)] : [];
    });
    const unavailableSkus = [...new Set(cart.lines.filter((l) => !saleable(l.sku)).map((l) => l.sku))];
    const weightGrams = lines.reduce((sum, line) => sum + variants.get(line.sku)!.weightGrams * line.quantity, 0);

    const couponRefusals: CouponRefusalView[] = [];
    const usable: CommandItem<CouponAttributes>[] = [];
    for (const { code, coupon } of coupons) {
      if (!coupon) {
        couponRefusals.push({ code, reason: 'unknown', message: `no coupon ${code}` });
        continue;
      }
      const refusal = this.coupons.refusal(coupon, { now, redeemer, currency: cart.currency }, counters);
      if (refusal) couponRefusals.push({ code, ...refusal });
      else usable.push(coupon);
    }
    const ordered = orderCoupons(usable.map((c) => this.coupons.toRule(c)));
    if (ordered.problem) couponRefusals.push({ code: ordered.problem.couponCode, reason: 'exclusive_conflict', message: ordered.problem.problem });

    const base: PricingInput = {
      shop: { currency: cart.currency, country: settings.country, pricesIncludeTax: settings.pricesIncludeTax, shippingTaxable: settings.shippingTaxable, shippingTaxClass: settings.shippingTaxClass, defaultTaxRateBps },
      lines: lines.map((line) => pricingLine(line, variants.get(line.sku)!)),
      address: cart.shippingAddress && { country: cart.shippingAddress.country, region: cart.shippingAddress.region, postalCode: cart.shippingAddress.postalCode },
      vatId: cart.vatId,
      taxRates,
      coupons: ordered.ordered,
    };
    // The shipping price can depend on the discounted subtotal (free above...): price the goods first.
    const goods = priceCart(base);
    let shippingOption: ShippingOption | undefined;
    let shippingProblem: string | undefined;
    let priced: PricedCart = goods;
    // No method named: none charged (a cart before its shopper chose one), or with
    // `cheapestShipping` the cheapest that serves the address, if any does.
    if (cart.shippingMethodCode || cart.cheapestShipping) {
      const choice = this.option(rules.zones, rules.methods, cart, goods, weightGrams);
      shippingOption = choice.option;
      if (cart.shippingMethodCode) shippingProblem = choice.problem;
      if (shippingOption) {
        const method = rules.methods.find((m) => m.code === shippingOption!.methodCode)!;
        const zone = rules.zones.find((z) => z.code === shippingOption!.zoneCode)!;
        priced = priceCart({ ...base, shipping: { zone, method } });
      }
    }
    for (const problem of priced.couponProblems) {
      couponRefusals.push({ code: problem.couponCode, reason: 'minimum_not_met', message: problem.problem });
    }
    return { settings, lines, unavailableSkus, totals: totalsOf(priced), couponRefusals, shippingOption, shippingProblem, zones: rules.zones, methods: rules.methods, weightGrams };
  }

  /** The methods that serve the cart's address, priced for this cart. */
  optionsFor(view: PricedDraft, cart: PricingDraft): { options: ShippingOption[]; refusal?: string } {
    if (!cart.shippingAddress) return { options: [], refusal: 'the cart has no shipping address' };
    return shippingOptions({
      zones: view.zones,
      methods: view.methods,
      address: cart.shippingAddress,
      subtotalAfterDiscount: view.totals.subtotal.amount - lineDiscounts(view.totals),
      weightGrams: view.weightGrams,
    });
  }

  private option(
    zones: ShippingZoneRule[],
    methods: ShippingMethodRule[],
    cart: PricingDraft,
    goods: PricedCart,
    weightGrams: number,
  ): { option?: ShippingOption; problem?: string } {
    if (!cart.shippingAddress) return { problem: 'the cart has no shipping address' };
    const lineDiscount = goods.lines.reduce((sum, l) => sum + l.discount, 0);
    const { options, refusal } = shippingOptions({ zones, methods, address: cart.shippingAddress, subtotalAfterDiscount: goods.subtotal - lineDiscount, weightGrams });
    // Options come cheapest first.
    const option = cart.shippingMethodCode ? options.find((o) => o.methodCode === cart.shippingMethodCode) : options[0];
    return option ? { option } : { problem: refusal ?? `shipping method ${cart.shippingMethodCode} does not serve this address` };
  }
}

function refreshed(line: DraftLine, variant: SaleableVariant): DraftLine {
  return { ...line, productCode: variant.productCode, name: variant.productName, options: variant.options, unitPrice: variant.price };
}

function pricingLine(line: DraftLine, variant: SaleableVariant): PricingLine {
  return {
    lineId: line.lineId,
    sku: line.sku,
    productCode: variant.productCode,
    categoryCodes: variant.categoryCodes,
    quantity: line.quantity,
    unitPrice: variant.price.amount,
    taxClass: variant.taxClass,
    weightGrams: variant.weightGrams,
  };
}

function lineDiscounts(totals: DraftTotals): number {
  return totals.lines.reduce((sum, l) => sum + l.discount.amount, 0);
}

function totalsOf(priced: PricedCart): DraftTotals {
  const money = (amount: number): Money => ({ amount, currency: priced.currency });
  return {
    lines: priced.lines.map((l) => ({
      lineId: l.lineId,
      subtotal: money(l.subtotal),
      discount: money(l.discount),
      tax: money(l.tax),
      taxRateBps: l.taxRateBps,
      taxRule: l.taxRule,
      total: money(l.total),
    })),
    subtotal: money(priced.subtotal),
    discount: money(priced.discount),
    shipping: money(priced.shipping),
    tax: money(priced.tax),
    total: money(priced.total),
    taxIncluded: priced.taxIncluded,
    reverseCharge: priced.reverseCharge,
    coupons: priced.rules.discounts.map((d) => ({ code: d.couponCode, kind: d.kind, amount: money(d.amount) })),
    rules: { tax: priced.rules.tax, ...(priced.rules.shipping ? { shipping: priced.rules.shipping } : {}) },
  };
}
