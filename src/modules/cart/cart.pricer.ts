import { Injectable } from '@nestjs/common';
import { CommandItem } from '../../core/entity';
import { Money } from '../../core/money';
import { TenantContext } from '../../core/tenant-context';
import { SaleableVariant, VariantCatalog } from '../catalog';
import { orderCoupons, priceCart, PricedCart, PricingInput, PricingLine, ShippingMethodRule, ShippingOption, shippingOptions, ShippingZoneRule, TaxRateRule } from '../pricing';
import { CouponAttributes, CouponBook, CouponRefusal, Redeemer } from '../promotion';
import { ShippingRules } from '../shipping';
import { TaxRules } from '../tax';
import { ShopSettings, ShopSettingsService } from '../tenant';
import { CartAttributes, CartLine, CartTotals } from './cart.model';

/** What pricing needs of a cart (a stored version, or one being made). */
export type CartDraft = Pick<CartAttributes, 'currency' | 'lines' | 'shippingAddress' | 'vatId' | 'shippingMethodCode' | 'couponCodes'>;

export interface CouponRefusalView {
  code: string;
  reason: CouponRefusal;
  message: string;
}

/** A cart priced now: from the newest catalog, rates, methods and coupons. */
export interface PricedCartView {
  settings: ShopSettings;
  /** The lines with today's names, options and prices; lines whose SKU is no longer for sale are left out. */
  lines: CartLine[];
  /** SKUs of stored lines that are no longer for sale (unknown or inactive). */
  unavailableSkus: string[];
  totals: CartTotals;
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

/** What a shop prices every cart with, whatever is in it: settings, tax rates, zones and methods. */
export interface ShopRules {
  settings: ShopSettings;
  taxRates: TaxRateRule[];
  zones: ShippingZoneRule[];
  methods: ShippingMethodRule[];
}

/**
 * Prices a cart with the pure pricing module, from the newest versions of everything it
 * depends on (command table reads: what an admin changed a moment ago counts). The same code
 * prices every cart read, every cart change and the checkout, in one round trip after the
 * cart's own read: the shop's rules (which need no cart: `rules()`, started beside the cart's
 * read), then the products the lines came from (each line remembers its product) beside the
 * coupons and their counters. Only a SKU no longer in its line's product costs more: its claim,
 * then the product that holds it now.
 */
@Injectable()
export class CartPricer {
  constructor(
    private readonly variants: VariantCatalog,
    private readonly settings: ShopSettingsService,
    private readonly taxes: TaxRules,
    private readonly shipping: ShippingRules,
    private readonly coupons: CouponBook,
  ) {}

  /** The shop's rules, each read at once (no cart needed: start it before reading the cart). */
  rules(ctx: TenantContext): Promise<ShopRules> {
    const rules = Promise.all([this.settings.current(ctx), this.taxes.all(ctx), this.shipping.all(ctx)]).then(([settings, taxRates, { zones, methods }]) => ({ settings, taxRates, zones, methods }));
    // Started before the cart is known to be the caller's: a refused read leaves it unawaited.
    rules.catch(() => undefined);
    return rules;
  }

  async price(ctx: TenantContext, cart: CartDraft, redeemer: Redeemer | undefined, options: { rules?: Promise<ShopRules>; now?: Date } = {}): Promise<PricedCartView> {
    const now = options.now ?? new Date();
    const [{ settings, taxRates, ...rules }, variants, coupons, counters] = await Promise.all([
      options.rules ?? this.rules(ctx),
      this.variants.variants(ctx, [...new Set(cart.lines.map((l) => l.sku))], new Map(cart.lines.map((l) => [l.sku, l.productCode]))),
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
      shop: { currency: cart.currency, country: settings.country, pricesIncludeTax: settings.pricesIncludeTax, shippingTaxable: settings.shippingTaxable, shippingTaxClass: settings.shippingTaxClass },
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
    if (cart.shippingMethodCode) {
      const choice = this.option(rules.zones, rules.methods, cart, goods, weightGrams);
      shippingOption = choice.option;
      shippingProblem = choice.problem;
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
  optionsFor(view: PricedCartView, cart: CartDraft): { options: ShippingOption[]; refusal?: string } {
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
    cart: CartDraft,
    goods: PricedCart,
    weightGrams: number,
  ): { option?: ShippingOption; problem?: string } {
    if (!cart.shippingAddress) return { problem: 'the cart has no shipping address' };
    const lineDiscount = goods.lines.reduce((sum, l) => sum + l.discount, 0);
    const { options, refusal } = shippingOptions({ zones, methods, address: cart.shippingAddress, subtotalAfterDiscount: goods.subtotal - lineDiscount, weightGrams });
    const option = options.find((o) => o.methodCode === cart.shippingMethodCode);
    return option ? { option } : { problem: refusal ?? `shipping method ${cart.shippingMethodCode} does not serve this address` };
  }
}

function refreshed(line: CartLine, variant: SaleableVariant): CartLine {
  return { ...line, productCode: variant.productCode, name: variant.productName, options: variant.options, unitPrice: variant.price };
}

function pricingLine(line: CartLine, variant: SaleableVariant): PricingLine {
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

function lineDiscounts(totals: CartTotals): number {
  return totals.lines.reduce((sum, l) => sum + l.discount.amount, 0);
}

function totalsOf(priced: PricedCart): CartTotals {
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
