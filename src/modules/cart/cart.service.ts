import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { CommandService } from '../../core/command.service';
import { CommandItem, Page } from '../../core/entity';
import { PageRequest } from '../../core/pagination';
import { consumeWrites, RateLimits, rateRefusal } from '../../core/rate-limits';
import { ConflictError, NotFoundError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { isRefusedWrite, OWNER_EDIT, retryOnConflict } from '../../core/retry';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { CustomerService } from '../customer';
import { OrderPricer, PricedDraft, ShopRules } from '../order';
import { vatIdProblem } from '../pricing';
import { Redeemer, redeemerOf } from '../promotion';
import { guestActionCounts, TenantDirectory, tenantLimits } from '../tenant';
import { CartAddressRequest, defaultCartAddresses, resolveCartAddresses } from './cart-address-book';
import { mayUseCart, newCartToken } from './cart.access';
import { CART_ENTITY, cartIndexes, customerCartKey } from './cart.keys';
import { CartAction, CartAttributes } from './cart.model';
import { assertLineAddable, withLineAdded, withLineChanged, withLineRemoved } from './cart-lines';
import { keptCoupons, mergedCart } from './cart-merge';
import { assertCartMove, isOpen } from './cart.state-machine';

/** A guest cart and everything of it is deleted (DynamoDB TTL) this long after its last change. */
export const GUEST_CART_TTL_SECONDS = 30 * 24 * 3600;

/** A change without `expectedVersion` that lost a race is re-applied on the newest version (OWNER_EDIT's tries), then 409. */
function withoutVersion(expectedVersion: number | undefined, conflict: string) {
  return { ...OWNER_EDIT, retryOn: (error: unknown) => error instanceof VersionConflictError && expectedVersion === undefined, exhausted: () => new ConflictError(conflict) };
}

export type CartVersion = CommandItem<CartAttributes>;

/** A cart as its owner sees it: the stored version, priced now. */
export interface CartRead {
  cart: CartVersion;
  priced?: PricedDraft;
}

export interface CartEdit {
  action: CartAction;
  detail?: Record<string, unknown>;
  /** The new state, from the newest version; throws a 4xx to refuse. */
  apply: (cart: CartAttributes) => Partial<CartAttributes>;
  /** After pricing the new state: refuse it (4xx) if pricing says it cannot be. */
  check?: (priced: PricedDraft, next: CartAttributes) => void;
}

/**
 * Carts as versioned entities: every change is a new version that records what changed and
 * the totals it had, so a shopper (or support) can see why a total was what it was at any
 * version. A guest owns a cart by its token; a customer has one cart of their own.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly pricer: OrderPricer,
    private readonly tenants: TenantDirectory,
    private readonly customers: CustomerService,
    private readonly rateLimits: RateLimits,
  ) {}

  /**
   * `POST /carts`: a guest gets a new cart and its token (shown this once); a customer gets
   * their own cart, made on the first call (an abandoned one becomes active again).
   */
  async open(ctx: TenantContext): Promise<CartRead & { created: boolean; cartToken?: string }> {
    if (!hasRole(ctx, 'customer')) {
      const { token, digest } = newCartToken();
      const cart = await this.create(ctx, { kind: 'guest', tokenDigest: digest });
      return { cart, created: true, cartToken: token };
    }
    // The pointer or the new cart's version taken meanwhile: look again.
    return retryOnConflict({ ...OWNER_EDIT, retryOn: isRefusedWrite, exhausted: () => new ConflictError('your cart is being changed by another request; try again') }, async () => {
      const pointer = await this.items.get<{ cartId: string }>(ctx, customerCartKey(ctx.userId));
      const current = pointer && (await this.commands.getLatest<CartAttributes>(ctx, CART_ENTITY, pointer.cartId));
      if (current && current.attributes.status === 'active') return { ...(await this.read(ctx, current.code, undefined)), created: false };
      if (current && current.attributes.status === 'abandoned') {
        return { ...(await this.edit(ctx, current.code, undefined, undefined, { action: 'reactivated', apply: () => ({}) })), created: false };
      }
      // No cart of their own yet, or it became an order: a new one, and the pointer moves to it
      // only if nobody moved it in the meantime.
      const code = ulid();
      const pointerWrite = pointer
        ? { put: { sk: customerCartKey(ctx.userId), cartId: code }, condition: 'cartId = :previous', values: { ':previous': pointer.cartId } }
        : { put: { sk: customerCartKey(ctx.userId), cartId: code }, condition: 'attribute_not_exists(pk)' };
      const start = await defaultCartAddresses(this.customers, ctx);
      return { cart: await this.create(ctx, { kind: 'customer', customerId: ctx.userId }, code, [pointerWrite], start), created: true };
    });
  }

  /** The newest version, priced now (a converted or merged cart is shown as it was closed). */
  async read(ctx: TenantContext, id: string, cartToken: string | undefined): Promise<CartRead> {
    const rules = this.pricer.rules(ctx);
    const cart = await this.owned(ctx, id, cartToken);
    if (!isOpen(cart.attributes)) return { cart };
    return { cart, priced: await this.pricer.price(ctx, cart.attributes, this.redeemer(ctx, cart.attributes), { rules }) };
  }

  /**
   * One page of the versions, oldest first, with what changed and its totals (from the command
   * table: complete and current). The page is read beside the ownership check and handed out
   * only if it passes.
   */
  async history(ctx: TenantContext, id: string, cartToken: string | undefined, page: Pick<PageRequest, 'limit' | 'cursor'>): Promise<Page<CartVersion>> {
    const [, versions] = await Promise.all([this.owned(ctx, id, cartToken), this.commands.versionPage<CartAttributes>(ctx, CART_ENTITY, id, page)]);
    return versions;
  }

  async addLine(ctx: TenantContext, id: string, cartToken: string | undefined, line: { sku: string; quantity: number; expectedVersion?: number }): Promise<CartRead> {
    const limits = tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes);
    return this.edit(ctx, id, cartToken, line.expectedVersion, {
      action: 'line_added',
      detail: { sku: line.sku, quantity: line.quantity },
      apply: (cart) => withLineAdded(cart, line, limits),
      check: (priced, next) => assertLineAddable(line.sku, priced, next),
    });
  }

  async changeLine(ctx: TenantContext, id: string, cartToken: string | undefined, lineId: string, change: { quantity: number; expectedVersion?: number }): Promise<CartRead> {
    const limits = tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes);
    return this.edit(ctx, id, cartToken, change.expectedVersion, {
      action: 'line_changed',
      detail: { lineId, quantity: change.quantity },
      apply: (cart) => withLineChanged(cart, lineId, change.quantity, limits),
    }, lineId);
  }

  async removeLine(ctx: TenantContext, id: string, cartToken: string | undefined, lineId: string, expectedVersion?: number): Promise<CartRead> {
    return this.edit(ctx, id, cartToken, expectedVersion, {
      action: 'line_removed',
      detail: { lineId },
      apply: (cart) => withLineRemoved(cart, lineId),
    }, lineId);
  }

  async setEmail(ctx: TenantContext, id: string, cartToken: string | undefined, email: string, expectedVersion?: number): Promise<CartRead> {
    return this.edit(ctx, id, cartToken, expectedVersion, { action: 'email_set', apply: () => ({ email: email.trim() }) });
  }

  async setAddresses(
    ctx: TenantContext,
    id: string,
    cartToken: string | undefined,
    addresses: CartAddressRequest & { vatId?: string; expectedVersion?: number },
  ): Promise<CartRead> {
    const { vatId } = addresses;
    const { shippingAddress, billingAddress } = await resolveCartAddresses(this.customers, ctx, addresses);
    if (vatId) {
      const country = (billingAddress ?? shippingAddress).country;
      const problem = vatIdProblem(vatId, country);
      if (problem) throw new ValidationFailedError([{ field: 'vatId', problem }]);
    }
    return this.edit(ctx, id, cartToken, addresses.expectedVersion, {
      action: 'addresses_set',
      detail: { country: shippingAddress.country, ...(vatId ? { vatId: true } : {}) },
      apply: () => ({ shippingAddress, billingAddress, vatId }),
    });
  }

  async shippingOptions(ctx: TenantContext, id: string, cartToken: string | undefined) {
    const { cart, priced } = await this.read(ctx, id, cartToken);
    if (!priced) throw new ConflictError(`cart ${id} is ${cart.attributes.status}`, { status: cart.attributes.status });
    const { options, refusal } = this.pricer.optionsFor(priced, cart.attributes);
    // Why none serves it is for people (the message); the reason is the code clients switch on.
    if (options.length === 0) throw new ConflictError(refusal ?? 'no shipping method serves this address', { reason: 'no_shipping_method' });
    return { cart, options };
  }

  async setShippingMethod(ctx: TenantContext, id: string, cartToken: string | undefined, methodCode: string, expectedVersion?: number): Promise<CartRead> {
    return this.edit(ctx, id, cartToken, expectedVersion, {
      action: 'shipping_method_set',
      detail: { methodCode },
      apply: () => ({ shippingMethodCode: methodCode }),
      check: (priced) => {
        if (!priced.shippingOption) throw new ConflictError(priced.shippingProblem ?? `shipping method ${methodCode} does not serve this address`, { field: 'methodCode' });
      },
    });
  }

  async applyCoupon(ctx: TenantContext, id: string, cartToken: string | undefined, rawCode: string, expectedVersion?: number): Promise<CartRead> {
    const code = rawCode.trim().toUpperCase();
    return this.edit(ctx, id, cartToken, expectedVersion, {
      action: 'coupon_applied',
      detail: { code },
      apply: (cart) => (cart.couponCodes.includes(code) ? {} : { couponCodes: [...cart.couponCodes, code] }),
      check: (priced) => {
        const refusal = priced.couponRefusals.find((r) => r.code === code);
        if (refusal) throw new ValidationFailedError([{ field: 'code', problem: `${refusal.reason}: ${refusal.message}` }]);
      },
    });
  }

  async removeCoupon(ctx: TenantContext, id: string, cartToken: string | undefined, rawCode: string, expectedVersion?: number): Promise<CartRead> {
    const code = rawCode.trim().toUpperCase();
    return this.edit(ctx, id, cartToken, expectedVersion, {
      action: 'coupon_removed',
      detail: { code },
      apply: (cart) => {
        if (!cart.couponCodes.includes(code)) throw new NotFoundError('coupon on this cart', code);
        return { couponCodes: cart.couponCodes.filter((c) => c !== code) };
      },
    });
  }

  /** Takes today's prices into the cart: a new version the shopper can review and complete. */
  async reprice(ctx: TenantContext, id: string, cartToken: string | undefined, expectedVersion?: number): Promise<CartRead> {
    return this.edit(ctx, id, cartToken, expectedVersion, { action: 'repriced', apply: () => ({}) });
  }

  /**
   * Folds a guest cart (its id and token) into the customer's own cart, in one transaction:
   * lines of the same SKU add up (capped at the shop's units per line; the cap is noted in the
   * change), other lines are appended; the guest's coupons join when the customer's cart lacks
   * them; the guest's email, addresses and shipping method fill only what the customer's cart
   * lacks. The guest cart becomes `merged`, pointing at the customer's cart.
   */
  async merge(ctx: TenantContext, id: string, guest: { guestCartId: string; guestCartToken: string; expectedVersion?: number }): Promise<CartRead> {
    if (!hasRole(ctx, 'customer')) throw new NotFoundError('cart', id);
    const { maxLineQuantity } = tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes);
    const rules = this.pricer.rules(ctx);
    return retryOnConflict(withoutVersion(guest.expectedVersion, 'the carts are being changed by other requests; try again'), async () => {
      const [mine, theirs] = await Promise.all([this.owned(ctx, id, undefined), this.commands.getLatest<CartAttributes>(ctx, CART_ENTITY, guest.guestCartId)]);
      if (!theirs || theirs.attributes.owner.kind !== 'guest' || !mayUseCart(ctx, theirs.attributes.owner, guest.guestCartToken)) throw new NotFoundError('cart', guest.guestCartId);
      if (guest.expectedVersion !== undefined && guest.expectedVersion !== mine.version) throw new VersionConflictError(`cart ${id}`, guest.expectedVersion, mine.version);
      if (!isOpen(mine.attributes)) throw new ConflictError(`cart ${id} is ${mine.attributes.status}`, { status: mine.attributes.status });
      if (!isOpen(theirs.attributes)) throw new ConflictError(`cart ${guest.guestCartId} is ${theirs.attributes.status}`, { status: theirs.attributes.status });

      const { changes: merged, cappedSkus: capped } = mergedCart(mine.attributes, theirs.attributes, maxLineQuantity);
      const next = await this.nextVersion(ctx, mine, merged, { action: 'merged_in', detail: { guestCartId: theirs.code, ...(capped.length ? { cappedSkus: capped } : {}) } }, rules);
      // A coupon of the guest cart that cannot be used here is dropped rather than failing the merge.
      const kept = keptCoupons(next.attributes.couponCodes, mine.attributes.couponCodes, next.priced.couponRefusals ?? []);
      const final = kept.length === next.attributes.couponCodes.length ? next : await this.nextVersion(ctx, mine, { ...merged, couponCodes: kept }, next.attributes.change, rules);
      const closed = this.closedVersion(ctx, theirs, { status: 'merged', mergedInto: mine.code }, { action: 'merged_away', detail: { into: mine.code } });
      const [written] = await this.commands.publishTogether(ctx, [
        { input: this.input(ctx, mine.code, final.attributes), options: { expectedVersion: mine.version, holding: mine } },
        { input: this.input(ctx, theirs.code, closed), options: { expectedVersion: theirs.version, holding: theirs } },
      ]);
      return { cart: written as CartVersion, priced: final.priced };
    });
  }

  /** The cart, if this caller may use it; else 404 (never "forbidden": that would confirm it exists). */
  async owned(ctx: TenantContext, id: string, cartToken: string | undefined): Promise<CartVersion> {
    const cart = await this.commands.getLatest<CartAttributes>(ctx, CART_ENTITY, id);
    if (!cart || !mayUseCart(ctx, cart.attributes.owner, cartToken)) throw new NotFoundError('cart', id);
    return cart;
  }

  /**
   * Who redeems this cart's coupons: the person by mailbox (the customer's verified email, from
   * their own token; the guest's email), else the customer by id.
   */
  redeemer(ctx: TenantContext, cart: Pick<CartAttributes, 'owner' | 'email'>): Redeemer | undefined {
    if (cart.owner.kind === 'customer') return redeemerOf({ customerId: cart.owner.customerId, email: cart.owner.customerId === ctx.userId ? ctx.email : undefined });
    return cart.email ? redeemerOf({ email: cart.email }) : undefined;
  }

  /** The entity input of a cart version (index keys and, for guests, the TTL). */
  input(ctx: TenantContext, code: string, attributes: CartAttributes) {
    return {
      type: CART_ENTITY,
      code,
      attributes,
      indexes: cartIndexes(ctx, code, attributes),
      ...(attributes.owner.kind === 'guest' ? { expiresAt: Math.floor(Date.parse(attributes.change.at) / 1000) + GUEST_CART_TTL_SECONDS } : {}),
    };
  }

  /** A closing version (converted, merged, abandoned): no repricing, the totals stay as they were. */
  closedVersion(ctx: TenantContext, cart: CartVersion, changes: Partial<CartAttributes> & Pick<CartAttributes, 'status'>, change: Omit<CartAttributes['change'], 'by' | 'at'>): CartAttributes {
    assertCartMove(cart, changes.status);
    const at = new Date().toISOString();
    return { ...cart.attributes, ...changes, change: { ...change, by: ctx.userId, at } };
  }

  private async create(ctx: TenantContext, owner: CartAttributes['owner'], code = ulid(), alsoWrite: TenantWrite[] = [], start: Pick<CartAttributes, 'shippingAddress' | 'billingAddress'> = {}): Promise<CartVersion> {
    const tenant = (await this.tenants.find(ctx.tenantCode))?.attributes;
    const currency = tenant?.currency ?? 'USD';
    // A guest's new cart counts against their client and the shop's key, in the cart's own write.
    const counts = guestActionCounts(ctx, tenantLimits(tenant), 'carts');
    const now = new Date().toISOString();
    const zero = { amount: 0, currency };
    const attributes: CartAttributes = {
      status: 'active',
      owner,
      currency,
      ...start,
      lines: [],
      nextLine: 1,
      couponCodes: [],
      totals: { lines: [], subtotal: zero, discount: zero, shipping: zero, tax: zero, total: zero, taxIncluded: false, reverseCharge: false, coupons: [], rules: { tax: [] } },
      change: { action: 'created', by: ctx.userId, at: now },
      lastActivityAt: now,
    };
    try {
      return await this.commands.publish(ctx, this.input(ctx, code, attributes), { expectedVersion: 0, alsoWrite: [...alsoWrite, ...consumeWrites(counts)] });
    } catch (error) {
      // [version 1, the caller's writes, the counts]
      throw rateRefusal(error, counts, 1 + alsoWrite.length) ?? error;
    }
  }

  /**
   * One shopper change: from the newest version (or the `expectedVersion` the caller names, 409
   * when stale), priced now, published as the next version. Without an expected version, a
   * change that loses a race is re-applied to the version that won.
   */
  private async edit(ctx: TenantContext, id: string, cartToken: string | undefined, expectedVersion: number | undefined, edit: CartEdit, lineId?: string): Promise<CartRead> {
    const rules = this.pricer.rules(ctx);
    return retryOnConflict(withoutVersion(expectedVersion, `cart ${id} is being changed by other requests; try again`), async (attempt) => {
      const cart = await this.owned(ctx, id, cartToken);
      if (expectedVersion !== undefined && expectedVersion !== cart.version) throw new VersionConflictError(`cart ${id}`, expectedVersion, cart.version);
      if (!isOpen(cart.attributes)) throw new ConflictError(`cart ${id} is ${cart.attributes.status}`, { status: cart.attributes.status });
      if (lineId && !cart.attributes.lines.some((l) => l.lineId === lineId)) throw new NotFoundError('cart line', lineId);
      // Counted once per request, once the caller proved the cart is theirs (a stranger who
      // knows the id cannot use up its minute), beside the pricing rather than before it.
      const counted = attempt === 1 && edit.action !== 'reactivated' ? this.countChange(ctx, cart.code) : undefined;
      const [next] = await Promise.all([this.nextVersion(ctx, cart, edit.apply(cart.attributes), edit, rules), counted]);
      edit.check?.(next.priced, next.attributes);
      return { cart: await this.commands.publish(ctx, this.input(ctx, cart.code, next.attributes), { expectedVersion: cart.version, holding: cart }), priced: next.priced };
    });
  }

  /**
   * Every change is a version kept as long as the cart: `cartChangesPerMinute` (429) bounds how
   * fast one cart grows. Reactivating an abandoned cart is not counted: it follows an idle spell.
   */
  private async countChange(ctx: TenantContext, cartId: string): Promise<void> {
    const limit = tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes).cartChangesPerMinute;
    await this.rateLimits.consume(ctx, `cart.${cartId}`, { name: 'cartChangesPerMinute', limit, windowSeconds: 60 });
  }

  /** The next version's attributes, with today's prices and the totals they give. */
  private async nextVersion(
    ctx: TenantContext,
    cart: CartVersion,
    changes: Partial<CartAttributes>,
    edit: Pick<CartEdit, 'action' | 'detail'>,
    rules: Promise<ShopRules>,
  ): Promise<{ attributes: CartAttributes; priced: PricedDraft }> {
    assertCartMove(cart, 'active');
    const at = new Date().toISOString();
    const draft: CartAttributes = { ...cart.attributes, ...changes, status: 'active', change: { action: edit.action, ...(edit.detail ? { detail: edit.detail } : {}), by: ctx.userId, at }, lastActivityAt: at };
    delete draft.reminder;
    const priced = await this.pricer.price(ctx, draft, this.redeemer(ctx, draft), { rules });
    // Lines keep what they were when no longer for sale (the cart shows them as unavailable).
    const fresh = new Map(priced.lines.map((l) => [l.lineId, l]));
    return { attributes: { ...draft, lines: draft.lines.map((l) => fresh.get(l.lineId) ?? l), totals: priced.totals }, priced };
  }
}
