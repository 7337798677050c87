import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { CommandItem, EntityInput, EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError, UnauthorizedError, VersionConflictError } from '../../core/errors';
import { ORDER_ACCESS_DAYS_AFTER_CLOSE, orderAccessOpen } from './order-access';
import { HistoryService } from '../../core/history.service';
import { RateLimits } from '../../core/rate-limits';
import { userKeyPart } from '../../core/keys';
import { DATA_INDEXES } from '../../core/tables';
import { hasRole, isStaff, TenantContext } from '../../core/tenant-context';
import { VariantCatalog } from '../catalog';
import { TenantAttributes, TenantDirectory, tenantLimits } from '../tenant';
import { ChangeOrderStatusDto, CreateOrderDto } from './dto/order.dto';
import { customerOrdersGroup, customerOrdersWithin, ORDER_ENTITY, orderIndexes } from './order.keys';
import { CancelReason, OrderAttributes, orderCustomerOf, OrderStatus, OrderUnits } from './order.model';
import { nextShipment } from './order-shipments';
import { OrderPlacement } from './order.placement';
import { OrderPricer } from './order.pricer';
import { assertExpectedPrices, orderRequestDraft } from './order-request';
import { customerActionCount, placementCounts } from './order-limits';
import { checkTransition } from './order.state-machine';

export interface StatusMove {
  to: OrderStatus;
  expectedVersion: number;
  /** Why a cancel happened, as a code; people's moves get `by_customer` or `by_shop`. */
  cancelReason?: CancelReason;
  /** A person's free-text note: kept in the history, never mailed. */
  note?: string;
  trackingNumber?: string;
  outOfStockSkus?: string[];
  heldLimitSkus?: string[];
  unavailableCoupons?: string[];
  /** Moving to awaiting_payment: when the hold ends. */
  holdUntil?: string;
  /** Confirming by payment: the payment that paid. */
  paidWith?: string;
  /** A late payment re-took the stock of an order its hold had cancelled. */
  latePayment?: boolean;
  /** Shipping: the units (absent: all not yet shipped), carrier and tracking number. */
  ship?: { lines?: OrderUnits[]; carrier: string; trackingNumber: string };
}

export interface ShipmentRequest {
  expectedVersion: number;
  lines?: OrderUnits[];
  carrier: string;
  trackingNumber: string;
}

export interface OrderHistoryEntry {
  version: number;
  fromStatus?: OrderStatus;
  toStatus: OrderStatus;
  reason?: string;
  by: string;
  at: string;
}

/** Places orders and moves them along the state machine; each move is a new version. */
@Injectable()
export class OrderService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly history: HistoryService,
    private readonly pricer: OrderPricer,
    private readonly placement: OrderPlacement,
    private readonly variants: VariantCatalog,
    private readonly tenants: TenantDirectory,
    private readonly rateLimits: RateLimits,
  ) {}

  /**
   * `POST /orders`: the request as an order draft (its products read beside the shop's rules),
   * quoted and placed the one way every order is (`OrderPlacement`), after checking the unit
   * prices the customer saw (409 `prices_changed`). The customer's action counts in the order's
   * own transaction.
   */
  async place(ctx: TenantContext, dto: CreateOrderDto): Promise<CommandItem<OrderAttributes>> {
    const rules = this.pricer.rules(ctx);
    const [tenant, products] = await Promise.all([this.tenants.find(ctx.tenantCode), this.variants.ofProducts(ctx, dto.items.map((i) => i.productCode))]);
    const { draft, variants } = orderRequestDraft(ctx, dto, tenant?.attributes.currency ?? 'USD', products);
    const quote = await this.placement.quote(ctx, draft, { rules, variants });
    assertExpectedPrices(dto, quote.priced);
    return this.placement.place(ctx, quote, { counts: placementCounts(ctx, quote.limits) });
  }

  /** The newest version from the command table, even before the stream synced it. */
  async latest(ctx: TenantContext, code: string): Promise<CommandItem<OrderAttributes> | undefined> {
    return this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, code);
  }

  /** A person's move (PATCH /orders/:code/status). */
  async changeStatus(ctx: TenantContext, code: string, dto: ChangeOrderStatusDto): Promise<CommandItem<OrderAttributes>> {
    const byShop = isStaff(ctx);
    const move: StatusMove = {
      to: dto.status,
      expectedVersion: dto.expectedVersion,
      note: dto.reason,
      trackingNumber: dto.trackingNumber,
      ...(dto.status === 'cancelled' ? { cancelReason: byShop ? 'by_shop' : 'by_customer' } : {}),
      // Shipping by status is one shipment of everything not yet shipped.
      ...(dto.status === 'shipped' && dto.trackingNumber && byShop ? { ship: { carrier: dto.carrier ?? 'unspecified', trackingNumber: dto.trackingNumber } } : {}),
    };
    // A customer's cancel mails them: it counts towards their hourly actions. Checked after
    // the caller is known to see this order (a stranger gets 404 either way, and spends nothing).
    if (!byShop) await this.latestVisible(ctx, code);
    if (!byShop) await this.consumeCustomerAction(ctx, (await this.tenants.find(ctx.tenantCode))?.attributes);
    return this.move(ctx, code, move, false);
  }

  /**
   * A shipment of some or all units not yet shipped (tenant admins): the order becomes
   * `partially_shipped`, or `shipped` with its last units. The stream then deducts their stock
   * and captures their share of the payment.
   */
  async ship(ctx: TenantContext, code: string, request: ShipmentRequest): Promise<CommandItem<OrderAttributes>> {
    const move: StatusMove = { to: 'shipped', expectedVersion: request.expectedVersion, trackingNumber: request.trackingNumber, ship: request };
    return this.move(ctx, code, move, false);
  }

  /**
   * The platform's move (confirm after reserving, cancel when out of stock or never processed),
   * made from the version the caller holds: one conditional put of the next version. Someone
   * who moved the order first wins; the caller hears VersionConflictError.
   */
  async moveBySystem(ctx: TenantContext, held: OrderVersion, move: Omit<StatusMove, 'expectedVersion'>): Promise<CommandItem<OrderAttributes>> {
    const next = this.nextVersion(ctx, held, { ...move, expectedVersion: held.version }, true);
    return this.commands.publish(ctx, { type: ORDER_ENTITY, code: held.code, ...next }, { expectedVersion: held.version, holding: held });
  }

  /**
   * The platform's cancel of an order a sweep found in an index (which lags): only if its
   * newest version is still `status`; someone who moved it first wins. Says whether it cancelled.
   */
  async cancelIfStill(ctx: TenantContext, code: string, status: OrderStatus, cancelReason: CancelReason): Promise<boolean> {
    const order = await this.latest(ctx, code);
    if (!order || order.attributes.status !== status) return false;
    try {
      await this.moveBySystem(ctx, order, { to: 'cancelled', cancelReason });
      return true;
    } catch (error) {
      if (!(error instanceof VersionConflictError) && !(error instanceof ConflictError)) throw error;
      return false;
    }
  }

  /** The newest version, even before the stream applied it. */
  async get(ctx: TenantContext, code: string): Promise<CommandItem<OrderAttributes>> {
    return this.latestVisible(ctx, code);
  }

  /**
   * A tenant admin pages through the shop's orders; a customer through the owner index, one
   * Query per page whatever the shop's size. Both lag the stream; a page filtered by status may
   * hold fewer than `limit` orders, and still carry a cursor.
   */
  /** Today's list from the data table: one status at most (staff's other filters: OrderListService). */
  /** `descending` (a customer's own orders only): newest first. */
  async list(ctx: TenantContext, query: { status?: OrderStatus; limit?: number; cursor?: string; descending?: boolean }): Promise<Page<EntityRecord<OrderAttributes>>> {
    const { status, descending, ...page } = query;
    const where = status ? { 'attributes.status': status } : undefined;
    if (isStaff(ctx)) return this.data.list<OrderAttributes>(ctx, ORDER_ENTITY, { ...page, where });
    return this.data.listIndexed<OrderAttributes>(ctx, DATA_INDEXES.byOwner, customerOrdersGroup(userKeyPart(ctx.userId)), { ...page, where, within: customerOrdersWithin(), ...(descending ? { descending } : {}) });
  }

  /** Staff: a customer's newest orders, by the customer's key part (the `id` of their GET /me); lags the stream like every list. */
  async recentOfCustomer(ctx: TenantContext, customerPart: string, limit: number): Promise<EntityRecord<OrderAttributes>[]> {
    return (await this.data.listIndexed<OrderAttributes>(ctx, DATA_INDEXES.byOwner, customerOrdersGroup(customerPart), { limit, descending: true, within: customerOrdersWithin() })).items;
  }

  async statusHistory(ctx: TenantContext, code: string): Promise<OrderHistoryEntry[]> {
    await this.get(ctx, code);
    const versions = await this.history.listVersions<OrderAttributes>(ctx, ORDER_ENTITY, code);
    return versions.map(({ version, attributes: { change } }) => ({
      version,
      ...(change.from ? { fromStatus: change.from } : {}),
      toStatus: change.to,
      ...(change.reason ? { reason: change.reason } : {}),
      by: change.by,
      at: change.at,
    }));
  }

  private async latestVisible(ctx: TenantContext, code: string): Promise<CommandItem<OrderAttributes>> {
    if (hasRole(ctx, 'guest') && !ctx.orderAccess) throw new UnauthorizedError('a guest needs the order token from checkout or the order mail (x-order-token)');
    const order = await this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, code);
    if (!order || !mayRead(ctx, code, order.attributes)) throw new NotFoundError('order', code);
    if (ctx.orderAccess === code && !orderAccessOpen(order.attributes)) throw new UnauthorizedError(`the order token of ${code} has expired (${ORDER_ACCESS_DAYS_AFTER_CLOSE} days after delivery or cancel)`);
    return order;
  }

  private async consumeCustomerAction(ctx: TenantContext, tenant: TenantAttributes | undefined): Promise<void> {
    if (isStaff(ctx)) return;
    const { bucket, rule } = customerActionCount(ctx, tenantLimits(tenant));
    await this.rateLimits.consume(ctx, bucket, rule);
  }

  private async move(ctx: TenantContext, code: string, move: StatusMove, bySystem: boolean): Promise<CommandItem<OrderAttributes>> {
    const visible = (item: CommandItem<OrderAttributes>) => bySystem || mayRead(ctx, item.code, item.attributes);
    return this.commands.update<OrderAttributes>(ctx, ORDER_ENTITY, code, move.expectedVersion, (current) => this.nextVersion(ctx, current, move, bySystem), visible);
  }

  /** The order after `move`, if the state machine allows it from `current`. */
  private nextVersion(ctx: TenantContext, current: OrderVersion, move: StatusMove, bySystem: boolean): Omit<EntityInput<OrderAttributes>, 'type' | 'code'> {
    const order = current.attributes;
    const now = new Date().toISOString();
    const shipment = move.ship && ['processing', 'partially_shipped'].includes(order.status) ? nextShipment(order, move.ship, ctx.userId, now) : undefined;
    const to = shipment ? shipment.status : move.to;
    const check = checkTransition({ ctx, order, to, trackingNumber: move.trackingNumber, bySystem, withShipment: !!shipment, latePayment: move.latePayment });
    if (!check.allowed) throw new ConflictError(check.message, { status: order.status, currentVersion: current.version });
    const attributes: OrderAttributes = {
      ...order,
      status: to,
      ...(shipment ? { shipments: [...(order.shipments ?? []), shipment.shipment] } : {}),
      ...(to === 'delivered' ? { deliveredAt: now } : {}),
      ...(move.paidWith ? { paidWith: move.paidWith } : {}),
      ...(move.latePayment ? { latePayment: true } : {}),
      ...(move.trackingNumber ? { trackingNumber: move.trackingNumber } : {}),
      ...(move.to === 'cancelled' ? { cancelReason: move.cancelReason ?? (bySystem ? 'processing_failed' : 'by_shop') } : {}),
      ...(move.outOfStockSkus ? { outOfStockSkus: move.outOfStockSkus } : {}),
      ...(move.heldLimitSkus ? { heldLimitSkus: move.heldLimitSkus } : {}),
      ...(move.unavailableCoupons ? { unavailableCoupons: move.unavailableCoupons } : {}),
      ...(move.holdUntil ? { holdUntil: move.holdUntil } : {}),
      change: { from: order.status, to, ...(reasonOf(move) ? { reason: reasonOf(move) } : {}), by: ctx.userId, at: now },
    };
    if (to === 'confirmed') delete attributes.cancelReason;
    return { name: current.name, attributes, indexes: orderIndexes(ctx, current.code, attributes) };
  }
}

/** An order version as a caller holds it: from the command table or from the stream. */
export type OrderVersion = Pick<CommandItem<OrderAttributes>, 'code' | 'version' | 'name' | 'attributes'> & {
  createdAt?: string;
  createdBy?: string;
  issuedAt?: string;
  issuedBy?: string;
};

/** What the history says of a move: the person's note, else the cancel reason code. */
function reasonOf(move: StatusMove): string | undefined {
  return move.note ?? move.cancelReason;
}

/**
 * Customers see their own orders only (a guest order they claimed included), a guest with an
 * order token that one order; another's is "not found", never "forbidden" (no enumeration).
 */
function mayRead(ctx: TenantContext, code: string, order: OrderAttributes): boolean {
  if (hasRole(ctx, 'guest')) return !!order.guest && ctx.orderAccess === code;
  return isStaff(ctx) || orderCustomerOf(order) === ctx.userId;
}
