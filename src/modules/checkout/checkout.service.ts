import { Injectable } from '@nestjs/common';
import { CommandItem } from '../../core/entity';
import { ConflictError, FieldProblem, NotFoundError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { clientDigest } from '../../core/client-address';
import { cancellationReasons } from '../../core/dynamo';
import { consumeWrites, RateCount, rateRefusal } from '../../core/rate-limits';
import { TTL_ATTRIBUTE } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { CartService, CartVersion, checkoutClaimKey } from '../cart';
import { OrderAccessTokens, OrderAttributes, OrderDraft, OrderPlacement, OrderPricer, OrderQuote, OrderService, placementCounts } from '../order';
import { offlineMethodName, ShopSettings } from '../tenant';

/** A completion that crashed after its claim frees the cart after this long. */
const CLAIM_SECONDS = 30;

export interface CompleteRequest {
  /** The cart version the shopper reviewed. */
  expectedVersion: number;
  paymentMethod: string;
}

/** `orderToken`: a guest's key to the order (`x-order-token`), fresh on every completion response. */
export type CompleteOutcome = { order: CommandItem<OrderAttributes>; created: boolean; orderToken?: string };

/**
 * Checkout: turns a cart into an order, once. The cart is quoted the one way every order is
 * (`OrderPlacement`: the same pricing, limits and refusals as `POST /orders`) and checked against
 * the version the shopper reviewed; then the cart is claimed (so parallel completions take no
 * order number), and the order context places ORDER v1 (`pending`, a full snapshot) in one
 * transaction with the cart's `converted` version. The order's sync then holds the stock and
 * redeems the coupons together.
 */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly items: TenantItemStore,
    private readonly carts: CartService,
    private readonly pricer: OrderPricer,
    private readonly placement: OrderPlacement,
    private readonly orders: OrderService,
    private readonly orderTokens: OrderAccessTokens,
  ) {}

  async complete(ctx: TenantContext, cartId: string, cartToken: string | undefined, request: CompleteRequest): Promise<CompleteOutcome> {
    const outcome = await this.completeOnce(ctx, cartId, cartToken, request);
    // Issued after the order, on a retry too: a guest whose response was lost retries and gets a token.
    if (!outcome.order.attributes.guest) return outcome;
    return { ...outcome, orderToken: await this.orderTokens.issue(ctx, outcome.order.code) };
  }

  private async completeOnce(ctx: TenantContext, cartId: string, cartToken: string | undefined, request: CompleteRequest): Promise<CompleteOutcome> {
    const rules = this.pricer.rules(ctx);
    const cart = await this.carts.owned(ctx, cartId, cartToken);
    const done = await this.alreadyCompleted(ctx, cart, request.expectedVersion);
    if (done) return done;
    if (cart.version !== request.expectedVersion) throw new VersionConflictError(`cart ${cartId}`, request.expectedVersion, cart.version);
    if (cart.attributes.status !== 'active') {
      throw new ConflictError(`cart ${cartId} is ${cart.attributes.status}; ${cart.attributes.status === 'abandoned' ? 'change it or POST /carts to make it active again' : 'it cannot be completed'}`, { status: cart.attributes.status });
    }
    this.validate(cart, request, (await rules).settings);
    const quote = await this.placement.quote(ctx, this.draftOf(ctx, cart, request), { rules });
    this.assertReviewed(cart, quote);

    const counts = placementCounts(ctx, quote.limits, cart.attributes.email);
    if (!(await this.claim(ctx, cart, counts))) {
      const settled = await this.alreadyCompleted(ctx, await this.carts.owned(ctx, cartId, cartToken), request.expectedVersion);
      if (settled) return settled;
      throw new ConflictError(`cart ${cartId} is being completed by another request; try again in a moment`, { retryAfterSeconds: 1 });
    }

    try {
      // Only the completion that holds the claim takes a number: parallel completions of a cart
      // leave no gaps; only a failure of the very next write can.
      const order = await this.placement.place(ctx, quote, {
        together: (code) => [
          {
            input: this.carts.input(ctx, cart.code, this.carts.closedVersion(ctx, cart, { status: 'converted', orderCode: code }, { action: 'converted', detail: { orderCode: code } })),
            options: { expectedVersion: cart.version, holding: cart },
          },
        ],
      });
      return { order, created: true };
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
    return { order: await this.orderOf(ctx, cart), created: false };
  }

  /**
   * The order a cart became, newest version, for the cart's owner (guest or not: this is how a
   * guest follows their order); 404 for a cart that is not theirs or became no order.
   */
  async orderOfCart(ctx: TenantContext, cartId: string, cartToken: string | undefined): Promise<CommandItem<OrderAttributes>> {
    return this.orderOf(ctx, await this.carts.owned(ctx, cartId, cartToken));
  }

  private async orderOf(ctx: TenantContext, cart: CartVersion): Promise<CommandItem<OrderAttributes>> {
    const code = cart.attributes.orderCode;
    const order = code && (await this.orders.latest(ctx, code));
    if (!order) throw new NotFoundError('order of cart', cart.code);
    return order;
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

  /** What only a cart's checkout refuses, named; nothing is written before this passes (the order's own refusals are `quote`'s). */
  private validate(cart: CartVersion, request: CompleteRequest, settings: ShopSettings): void {
    const a = cart.attributes;
    const problems: FieldProblem[] = [];
    if (a.lines.length === 0) problems.push({ field: 'lines', problem: 'the cart is empty' });
    if (a.owner.kind === 'guest' && !a.email) problems.push({ field: 'email', problem: 'a guest checkout needs an email (PUT /carts/:id/email)' });
    if (!a.shippingAddress) problems.push({ field: 'shippingAddress', problem: 'is required (PUT /carts/:id/addresses)' });
    if (!a.shippingMethodCode) problems.push({ field: 'shippingMethod', problem: 'is required (PUT /carts/:id/shipping-method)' });
    const methods = [...settings.offlinePaymentMethods.map(offlineMethodName), ...settings.onlinePaymentMethods];
    if (!methods.includes(request.paymentMethod)) problems.push({ field: 'paymentMethod', problem: `must be one of ${methods.join(', ')}` });
    if (problems.length) throw new ValidationFailedError(problems);
  }

  /** The cart as an order draft: its lines, choices and buyer; refusals name the cart's fields. */
  private draftOf(ctx: TenantContext, cart: CartVersion, request: CompleteRequest): OrderDraft {
    const a = cart.attributes;
    const guest = a.owner.kind === 'guest';
    const email = guest ? a.email : ctx.email;
    return {
      currency: a.currency,
      lines: a.lines,
      shippingAddress: a.shippingAddress!,
      ...(a.billingAddress ? { billingAddress: a.billingAddress } : {}),
      ...(a.vatId ? { vatId: a.vatId } : {}),
      shippingMethodCode: a.shippingMethodCode,
      couponCodes: a.couponCodes,
      buyer: {
        customerId: guest ? 'guest' : ctx.userId,
        guest,
        ...(email ? { email } : {}),
        redeemer: this.carts.redeemer(ctx, a)!,
        ...(guest && ctx.client ? { client: clientDigest(ctx.client) } : {}),
      },
      paymentMethod: request.paymentMethod,
      payment: 'shop',
      cart: { id: cart.code, version: cart.version },
      fields: { quantity: (lineId) => `lines.${lineId}.quantity`, units: 'lines', lines: 'lines', unavailable: () => 'lines' },
    };
  }

  /**
   * The shopper pays what they reviewed: a price, a rate or a method that changed since that
   * version is shown (409 `prices_changed`), not silently charged.
   */
  private assertReviewed(cart: CartVersion, { priced }: OrderQuote): void {
    const a = cart.attributes;
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
}
