import { Injectable } from '@nestjs/common';
import { CommandService, PublishPart } from '../../core/command.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem } from '../../core/entity';
import { ConflictError, ValidationFailedError } from '../../core/errors';
import { consumeWrites, RateCount, rateRefusal } from '../../core/rate-limits';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { TenantWrite } from '../../core/tenant-item.store';
import { SaleableVariant } from '../catalog';
import { StockReservations } from '../inventory';
import { Redeemer } from '../promotion';
import { offlinePaymentKind, ShopSettings, TenantDirectory, TenantLimits, tenantLimits } from '../tenant';
import { assertOrderLimits } from './order-limits';
import { ORDER_ENTITY, orderIndexes } from './order.keys';
import { Address, CheckoutSnapshot, OrderAttributes, OrderLine } from './order.model';
import { OrderNumbers } from './order.numbers';
import { OrderPricer, PricedDraft, PricingDraft, ShopRules } from './order.pricer';
import { INITIAL_STATUS } from './order.state-machine';

/** Who places the order: a customer (their user id) or a guest, and whose coupons and holds these are. */
export interface OrderBuyer {
  /** The customer's user id; `guest` for a guest. */
  customerId: string;
  guest: boolean;
  /** Where its mails go: a customer's verified email, a guest's given one. */
  email?: string;
  /** Who redeems the coupons (and, a guest, holds the stock): by mailbox, else the customer. */
  redeemer: Redeemer;
  /** A guest's client (a digest of its network address): its held units are capped too. */
  client?: string;
}

/** Which request fields name what an order refusal is about (each path names its own). */
export interface DraftFields {
  /** A line's units (`items.0.quantity`, `lines.l1.quantity`). */
  quantity: (lineId: string) => string;
  /** The whole order's units, its number of lines, and lines no longer for sale. */
  units: string;
  lines: string;
  unavailable: (sku: string) => string;
}

/** An order to be: the lines and choices pricing needs, and who places it how. */
export interface OrderDraft extends PricingDraft {
  buyer: OrderBuyer;
  shippingAddress: Address;
  billingAddress?: Address;
  paymentMethod: string;
  /**
   * `shop`: paid as the shop's settings say of the method (online: awaits payment; offline by
   * its kind). `outside`: settled outside shopstream, confirmed once stock is held (`POST /orders`).
   */
  payment: 'shop' | 'outside';
  /** The cart it comes from, at the version completed. */
  cart?: { id: string; version: number };
  fields: DraftFields;
}

/** A draft priced and checked now: what `place` writes. Only `quote` makes one. */
export interface OrderQuote {
  readonly draft: OrderDraft;
  readonly priced: PricedDraft;
  readonly limits: TenantLimits;
}

/**
 * The one way an order is made, for `POST /orders` and cart completion alike: `quote` prices the
 * draft with the one pricer (`OrderPricer`: the shop's tax rules, shipping methods and coupons)
 * and checks every tenant limit and refusal the same way on both paths; `place` takes the next
 * number and publishes ORDER v1 (`pending`, a full snapshot of how it was priced) in one
 * transaction with what the caller writes with it (a cart's converted version), the buyer's
 * counts (429) and a check of the units they already hold (409 `maxHeldUnitsPerSku`; the
 * reservation's own condition is the guard, this is the early answer). A refused write leaves
 * its number unused.
 */
@Injectable()
export class OrderPlacement {
  constructor(
    private readonly commands: CommandService,
    private readonly pricer: OrderPricer,
    private readonly numbers: OrderNumbers,
    private readonly tenants: TenantDirectory,
    private readonly stock: StockReservations,
  ) {}

  /**
   * Prices the draft now and refuses, nothing written: lines over the shop's limits (400), lines
   * not for sale (400), a shipping method that does not serve the address (409), coupons that
   * cannot be used (409 `coupon_unavailable`). `rules`/`variants`: what the caller started or
   * read already in this request.
   */
  async quote(ctx: TenantContext, draft: OrderDraft, options: { rules?: Promise<ShopRules>; variants?: Map<string, SaleableVariant> } = {}): Promise<OrderQuote> {
    const [tenant, priced] = await Promise.all([this.tenants.find(ctx.tenantCode), this.pricer.price(ctx, draft, draft.buyer.redeemer, options)]);
    const limits = tenantLimits(tenant?.attributes);
    // Reason: the shop's limits may have been lowered since a cart's lines were added.
    assertOrderLimits(limits, draft.lines.map((l) => ({ quantity: l.quantity, field: draft.fields.quantity(l.lineId) })), { units: draft.fields.units, lines: draft.fields.lines });
    if (priced.unavailableSkus.length) {
      const byField = new Map<string, string[]>();
      for (const sku of priced.unavailableSkus) byField.set(draft.fields.unavailable(sku), [...(byField.get(draft.fields.unavailable(sku)) ?? []), sku]);
      throw new ValidationFailedError([...byField].map(([field, skus]) => ({ field, problem: `no longer for sale: ${skus.join(', ')}` })));
    }
    if (draft.shippingMethodCode && !priced.shippingOption) throw new ConflictError(priced.shippingProblem ?? 'the shipping method no longer serves this address', { field: 'shippingMethod' });
    if (priced.couponRefusals.length) {
      throw new ConflictError(`coupons can no longer be used: ${priced.couponRefusals.map((r) => `${r.code} (${r.reason})`).join(', ')}`, {
        reason: 'coupon_unavailable',
        coupons: priced.couponRefusals,
      });
    }
    return { draft, priced, limits };
  }

  /**
   * Takes the next number and publishes ORDER v1 with `together(code)` (published in the same
   * transaction) and `counts` (counted in it; 429 naming the limit).
   */
  async place(ctx: TenantContext, quote: OrderQuote, options: { together?: (code: string) => PublishPart[]; counts?: readonly RateCount[] } = {}): Promise<CommandItem<OrderAttributes>> {
    const { draft, limits } = quote;
    const counts = options.counts ?? [];
    const wanted = new Map<string, number>();
    for (const line of draft.lines) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
    const holder = draft.buyer.guest ? draft.buyer.redeemer.key : draft.buyer.customerId;
    const held: TenantWrite[] = !isStaff(ctx) ? [...wanted].map(([sku, units]) => this.stock.heldUnitsRoom(holder, sku, limits.maxHeldUnitsPerSku - units)) : [];
    // The number is taken only after everything above passed: only the very next write can leave one unused.
    const code = await this.numbers.next(ctx);
    const attributes = this.orderOf(ctx, quote);
    const together = options.together?.(code) ?? [];
    const order: PublishPart = { input: { type: ORDER_ENTITY, code, name: `Order ${code}`, attributes, indexes: orderIndexes(ctx, code, attributes) }, options: { expectedVersion: 0 } };
    const writes = [...consumeWrites(counts), ...held];
    try {
      const written = await this.commands.publishTogether(ctx, [...together, order], writes);
      return written[together.length] as CommandItem<OrderAttributes>;
    } catch (error) {
      // [the parts' items (a version check and a put each, or one put), the counts, one held-units check per SKU]
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const offset = reasons.length - writes.length;
      const refused = rateRefusal(error, counts, offset);
      if (refused) throw refused;
      const over = [...wanted.keys()].filter((_, i) => reasons[offset + counts.length + i] === 'ConditionalCheckFailed');
      if (over.length) {
        throw new ConflictError(`one customer may hold at most ${limits.maxHeldUnitsPerSku} units of one SKU in open orders (maxHeldUnitsPerSku)`, { limit: 'maxHeldUnitsPerSku', skus: over });
      }
      throw error;
    }
  }

  /** ORDER v1: a full snapshot of the draft as priced, so nothing of it needs the cart or the catalog again. */
  private orderOf(ctx: TenantContext, { draft, priced }: OrderQuote): OrderAttributes {
    const t = priced.totals;
    const byLine = new Map(t.lines.map((l) => [l.lineId, l]));
    const items: OrderLine[] = priced.lines.map((line) => {
      const figures = byLine.get(line.lineId)!;
      return {
        productCode: line.productCode,
        sku: line.sku,
        name: line.name,
        options: line.options,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        lineTotal: figures.subtotal,
        discount: figures.discount,
        tax: figures.tax,
        taxRateBps: figures.taxRateBps,
        taxRule: figures.taxRule,
        total: figures.total,
      };
    });
    const now = new Date().toISOString();
    const { buyer } = draft;
    const option = priced.shippingOption;
    const checkout: CheckoutSnapshot = {
      ...(draft.cart ? { cartId: draft.cart.id, cartVersion: draft.cart.version } : {}),
      ...paymentKindOf(priced.settings, draft),
      ...(draft.billingAddress ? { billingAddress: draft.billingAddress } : {}),
      ...(draft.vatId ? { vatId: draft.vatId } : {}),
      reverseCharge: t.reverseCharge,
      taxIncluded: t.taxIncluded,
      ...(option ? { shippingMethod: { code: option.methodCode, name: option.methodName, amount: { amount: option.amount, currency: draft.currency } } } : {}),
      coupons: t.coupons,
      redeemer: buyer.redeemer.key,
      ...(buyer.guest && buyer.client ? { client: buyer.client } : {}),
      rules: t.rules,
    };
    return {
      customerId: buyer.customerId,
      ...(buyer.guest ? { guest: true } : {}),
      ...(buyer.email ? { customerEmail: buyer.email } : {}),
      items,
      shippingAddress: draft.shippingAddress,
      paymentMethod: draft.paymentMethod,
      currency: draft.currency,
      subtotal: t.subtotal,
      // One figure for orders made before per-line rates: the highest rate of the lines.
      taxRateBps: Math.max(0, ...t.lines.map((l) => l.taxRateBps)),
      tax: t.tax,
      total: t.total,
      discount: t.discount,
      shipping: t.shipping,
      status: INITIAL_STATUS,
      placedAt: now,
      change: { to: INITIAL_STATUS, by: ctx.userId, at: now },
      checkout,
    };
  }
}

/**
 * How the order is paid, fixed when it is placed (a later settings change does not move it):
 * online, or offline with when the money comes; `POST /orders` is settled outside shopstream
 * and confirmed once its stock is held, as it always was.
 */
function paymentKindOf(settings: ShopSettings, draft: OrderDraft): Pick<CheckoutSnapshot, 'paymentKind' | 'offlineKind'> {
  if (draft.payment === 'outside') return { paymentKind: 'offline', offlineKind: 'on_delivery' };
  if (settings.onlinePaymentMethods.includes(draft.paymentMethod)) return { paymentKind: 'online' };
  return { paymentKind: 'offline', offlineKind: offlinePaymentKind(settings, draft.paymentMethod) ?? 'on_delivery' };
}
