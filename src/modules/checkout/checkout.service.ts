import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { ConflictError, FieldProblem, NotFoundError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { Money } from '../../core/money';
import { clientDigest } from '../../core/client-address';
import { cancellationReasons } from '../../core/dynamo';
import { consumeWrites, RateCount, rateRefusal } from '../../core/rate-limits';
import { TTL_ATTRIBUTE } from '../../core/tables';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { CartPricer, CartService, CartVersion, checkoutClaimKey, PricedCartView } from '../cart';
import { CheckoutSnapshot, customerActionsBucket, INITIAL_STATUS, ORDER_ENTITY, OrderAttributes, orderIndexes, orderLimitProblems, OrderLine, OrderNumbers, OrderService } from '../order';
import { guestActionCounts, guestOrderCount, offlineMethodName, offlinePaymentKind, ShopSettings, TenantDirectory, tenantLimits, TenantLimits } from '../tenant';

/** A completion that crashed after its claim frees the cart after this long. */
const CLAIM_SECONDS = 30;
const HOUR_SECONDS = 3600;

export interface CompleteRequest {
  /** The cart version the shopper reviewed. */
  expectedVersion: number;
  paymentMethod: string;
}

export type CompleteOutcome = { order: CommandItem<OrderAttributes>; created: boolean };

/**
 * Checkout: turns a cart into an order, once. Validates the cart as priced now against the
 * version the shopper reviewed, claims the cart (so parallel completions take no order number),
 * then in one transaction moves the cart to `converted` and publishes ORDER v1 (`pending`) with
 * a full snapshot. The order's sync then holds the stock and redeems the coupons together.
 */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly carts: CartService,
    private readonly pricer: CartPricer,
    private readonly numbers: OrderNumbers,
    private readonly orders: OrderService,
    private readonly tenants: TenantDirectory,
  ) {}

  async complete(ctx: TenantContext, cartId: string, cartToken: string | undefined, request: CompleteRequest): Promise<CompleteOutcome> {
    const rules = this.pricer.rules(ctx);
    const cart = await this.carts.owned(ctx, cartId, cartToken);
    const done = await this.alreadyCompleted(ctx, cart, request.expectedVersion);
    if (done) return done;
    if (cart.version !== request.expectedVersion) throw new VersionConflictError(`cart ${cartId}`, request.expectedVersion, cart.version);
    if (cart.attributes.status !== 'active') {
      throw new ConflictError(`cart ${cartId} is ${cart.attributes.status}; ${cart.attributes.status === 'abandoned' ? 'change it or POST /carts to make it active again' : 'it cannot be completed'}`, { status: cart.attributes.status });
    }
    const redeemer = this.carts.redeemer(ctx, cart.attributes);
    const [priced, tenant] = await Promise.all([this.pricer.price(ctx, cart.attributes, redeemer, { rules }), this.tenants.find(ctx.tenantCode)]);
    const limits = tenantLimits(tenant?.attributes);
    this.validate(cart, priced, request, limits);

    const counts = this.counts(ctx, cart, limits);
    if (!(await this.claim(ctx, cart, counts))) {
      const settled = await this.alreadyCompleted(ctx, await this.carts.owned(ctx, cartId, cartToken), request.expectedVersion);
      if (settled) return settled;
      throw new ConflictError(`cart ${cartId} is being completed by another request; try again in a moment`, { retryAfterSeconds: 1 });
    }

    try {
      // The number is taken only by the one completion that holds the claim: parallel
      // completions of a cart leave no gaps; only a failure of the very next write can.
      const code = await this.numbers.next(ctx);
      const order = this.orderOf(ctx, cart, priced, request, redeemer!.key);
      const converted = this.carts.closedVersion(ctx, cart, { status: 'converted', orderCode: code }, { action: 'converted', detail: { orderCode: code } });
      const [, written] = await this.commands.publishTogether(ctx, [
        { input: this.carts.input(ctx, cart.code, converted), options: { expectedVersion: cart.version, holding: cart } },
        { input: { type: ORDER_ENTITY, code, name: `Order ${code}`, attributes: order, indexes: orderIndexes(ctx, code, order) }, options: { expectedVersion: 0 } },
      ]);
      return { order: written as CommandItem<OrderAttributes>, created: true };
    } catch (error) {
      // The cart changed after the claim (a line added in another tab): free it for the new version.
      await this.items.transact(ctx, [{ remove: checkoutClaimKey(cart.code), condition: 'requestId = :mine', values: { ':mine': ctx.requestId } }]).catch(() => undefined);
      throw error;
    }
  }

  /** A completion retried after it succeeded (same reviewed version) gets the order it made. */
  private async alreadyCompleted(ctx: TenantContext, cart: CartVersion, reviewedVersion: number): Promise<CompleteOutcome | undefined> {
    const { status, orderCode } = cart.attributes;
    if (status !== 'converted' || !orderCode || cart.version !== reviewedVersion + 1) return undefined;
    const order = await this.orders.latest(ctx, orderCode);
    if (!order) throw new NotFoundError('order', orderCode);
    return { order, created: false };
  }

  /**
   * What a completion counts against, taken with the claim: a customer's hourly actions; a
   * guest's orders per normalized email (as a customer's), their client's and their key's.
   */
  private counts(ctx: TenantContext, cart: CartVersion, limits: TenantLimits): RateCount[] {
    if (hasRole(ctx, 'customer')) return [{ bucket: customerActionsBucket(ctx), rule: { name: 'customerActionsPerHour', limit: limits.customerActionsPerHour, windowSeconds: HOUR_SECONDS } }];
    return [guestOrderCount(cart.attributes.email!, limits), ...guestActionCounts(ctx, limits, 'checkouts')];
  }

  /**
   * Only one completion of a cart runs at a time: the first puts a claim (expiring, so a crash
   * frees the cart), the others are told to retry (and then find the order). The caller's
   * counts land with the claim or not at all (429 naming the limit): a completion that loses
   * the claim spends nothing, and the counts cost no call of their own.
   */
  private async claim(ctx: TenantContext, cart: CartVersion, counts: readonly RateCount[]): Promise<boolean> {
    const now = Math.floor(Date.now() / 1000);
    try {
      await this.items.transact(ctx, [
        {
          put: { sk: checkoutClaimKey(cart.code), cartId: cart.code, version: cart.version, requestId: ctx.requestId, until: now + CLAIM_SECONDS, [TTL_ATTRIBUTE]: now + CLAIM_SECONDS * 10 },
          // Reason: one completion per cart version at a time. A claim of an older version (its
          // completion can no longer succeed) or an expired one (it crashed) does not block.
          condition: 'attribute_not_exists(pk) OR #until < :now OR version <> :version',
          names: { '#until': 'until' },
          values: { ':now': now, ':version': cart.version },
        },
        ...consumeWrites(counts),
      ]);
      return true;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[0] === 'ConditionalCheckFailed') return false;
      throw rateRefusal(error, counts, 1) ?? error;
    }
  }

  /** Everything a checkout refuses, named; nothing is written before this passes. */
  private validate(cart: CartVersion, priced: PricedCartView, request: CompleteRequest, limits: TenantLimits): void {
    const a = cart.attributes;
    const problems: FieldProblem[] = [];
    if (a.lines.length === 0) problems.push({ field: 'lines', problem: 'the cart is empty' });
    // Reason: the shop's limits may have been lowered since the lines were added.
    problems.push(...orderLimitProblems(limits, a.lines.map((l) => ({ quantity: l.quantity, field: `lines.${l.lineId}.quantity` })), { units: 'lines', lines: 'lines' }));
    if (priced.unavailableSkus.length) problems.push({ field: 'lines', problem: `no longer for sale: ${priced.unavailableSkus.join(', ')}` });
    if (a.owner.kind === 'guest' && !a.email) problems.push({ field: 'email', problem: 'a guest checkout needs an email (PUT /carts/:id/email)' });
    if (!a.shippingAddress) problems.push({ field: 'shippingAddress', problem: 'is required (PUT /carts/:id/addresses)' });
    if (!a.shippingMethodCode) problems.push({ field: 'shippingMethod', problem: 'is required (PUT /carts/:id/shipping-method)' });
    const methods = [...priced.settings.offlinePaymentMethods.map(offlineMethodName), ...priced.settings.onlinePaymentMethods];
    if (!methods.includes(request.paymentMethod)) problems.push({ field: 'paymentMethod', problem: `must be one of ${methods.join(', ')}` });
    if (problems.length) throw new ValidationFailedError(problems);

    if (a.shippingMethodCode && !priced.shippingOption) throw new ConflictError(priced.shippingProblem ?? 'the shipping method no longer serves this address', { field: 'shippingMethod' });
    if (priced.couponRefusals.length) {
      throw new ConflictError(`coupons can no longer be used: ${priced.couponRefusals.map((r) => `${r.code} (${r.reason})`).join(', ')}`, {
        reason: 'coupon_unavailable',
        coupons: priced.couponRefusals,
      });
    }
    // Reason: the shopper pays what they reviewed. A price, a rate or a method that changed
    // since that version is shown, not silently charged.
    const reviewed = new Map(a.lines.map((l) => [l.lineId, l.unitPrice]));
    const changedLines = priced.lines
      .filter((l) => reviewed.get(l.lineId)?.amount !== l.unitPrice.amount)
      .map((l) => ({ lineId: l.lineId, sku: l.sku, reviewed: reviewed.get(l.lineId), current: l.unitPrice }));
    if (changedLines.length || priced.totals.total.amount !== a.totals.total.amount) {
      throw new ConflictError('prices changed since you reviewed the cart; review it again (POST /carts/:id/reprice) and complete the new version', {
        reason: 'prices_changed',
        lines: changedLines,
        reviewedTotal: a.totals.total,
        currentTotal: priced.totals.total,
      });
    }
  }

  /** ORDER v1: a full snapshot of the cart as priced, so nothing of it needs the cart again. */
  private orderOf(ctx: TenantContext, cart: CartVersion, priced: PricedCartView, request: CompleteRequest, redeemer: string): OrderAttributes {
    const a = cart.attributes;
    const t = priced.totals;
    const currency = a.currency;
    const money = (amount: number): Money => ({ amount, currency });
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
    const guest = a.owner.kind === 'guest';
    const email = guest ? a.email : ctx.email;
    return {
      customerId: guest ? 'guest' : ctx.userId,
      ...(guest ? { guest: true } : {}),
      ...(email ? { customerEmail: email } : {}),
      items,
      shippingAddress: a.shippingAddress!,
      paymentMethod: request.paymentMethod,
      currency,
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
      checkout: {
        cartId: cart.code,
        cartVersion: cart.version,
        ...paymentKindOf(priced.settings, request.paymentMethod),
        ...(a.billingAddress ? { billingAddress: a.billingAddress } : {}),
        ...(a.vatId ? { vatId: a.vatId } : {}),
        reverseCharge: t.reverseCharge,
        taxIncluded: t.taxIncluded,
        ...(priced.shippingOption ? { shippingMethod: { code: priced.shippingOption.methodCode, name: priced.shippingOption.methodName, amount: money(priced.shippingOption.amount) } } : {}),
        coupons: t.coupons,
        redeemer,
        ...(guest && ctx.client ? { client: clientDigest(ctx.client) } : {}),
        rules: t.rules,
      },
    };
  }
}

/** How the order is paid, fixed at checkout: online, or offline with when the money comes (a later settings change does not move it). */
function paymentKindOf(settings: ShopSettings, method: string): Pick<CheckoutSnapshot, 'paymentKind' | 'offlineKind'> {
  if (settings.onlinePaymentMethods.includes(method)) return { paymentKind: 'online' };
  return { paymentKind: 'offline', offlineKind: offlinePaymentKind(settings, method) ?? 'on_delivery' };
}
