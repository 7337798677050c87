import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { CommandItem, EntityInput, EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError, VersionConflictError } from '../../core/errors';
import { HistoryService } from '../../core/history.service';
import { consumeWrite, RateLimits, tooMany } from '../../core/rate-limits';
import { cancellationReasons } from '../../core/dynamo';
import { DATA_INDEXES } from '../../core/tables';
import { userKeyPart } from '../../core/keys';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { TenantWrite } from '../../core/tenant-item.store';
import { StockReservations } from '../inventory';
import { TenantAttributes, TenantDirectory, tenantLimits } from '../tenant';
import { ChangeOrderStatusDto, CreateOrderDto, ListOrdersQueryDto } from './dto/order.dto';
import { customerOrdersGroup, ORDER_ENTITY, orderIndexes } from './order.keys';
import { CancelReason, OrderAttributes, OrderStatus, OrderUnits } from './order.model';
import { nextShipment } from './order-shipments';
import { OrderNumbers } from './order.numbers';
import { OrderPricing } from './order.pricing';
import { checkTransition, INITIAL_STATUS } from './order.state-machine';

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

const HOUR_SECONDS = 3600;

/** Places orders and moves them along the state machine; each move is a new version. */
@Injectable()
export class OrderService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly history: HistoryService,
    private readonly pricing: OrderPricing,
    private readonly numbers: OrderNumbers,
    private readonly tenants: TenantDirectory,
    private readonly stock: StockReservations,
    private readonly rateLimits: RateLimits,
  ) {}

  /**
   * Prices the lines, takes the next number and, in one transaction, publishes version 1, counts
   * the customer's action (429 past `customerActionsPerHour`) and checks the units they already
   * hold (409 past `maxHeldUnitsPerSku`; the reservation's own condition is the guard, this is
   * the early, friendly answer). A refused order leaves its number unused.
   */
  async place(ctx: TenantContext, dto: CreateOrderDto): Promise<CommandItem<OrderAttributes>> {
    const tenant = (await this.tenants.find(ctx.tenantCode))?.attributes;
    const priced = await this.pricing.price(ctx, tenant, dto.items);
    const limits = tenantLimits(tenant);
    const wanted = new Map<string, number>();
    for (const line of priced.items) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
    const action = { name: 'customerActionsPerHour', limit: limits.customerActionsPerHour, windowSeconds: HOUR_SECONDS };
    const guards: TenantWrite[] = hasRole(ctx, 'tenant-admin')
      ? []
      : [consumeWrite(customerActionsBucket(ctx), action), ...[...wanted].map(([sku, units]) => this.stock.heldUnitsRoom(ctx.userId, sku, limits.maxHeldUnitsPerSku - units))];
    const code = await this.numbers.next(ctx);
    const now = new Date().toISOString();
    const attributes: OrderAttributes = {
      customerId: ctx.userId,
      // Mail goes only to the address the identity provider verified, never one the caller typed.
      ...(ctx.email ? { customerEmail: ctx.email } : {}),
      ...priced,
      shippingAddress: { ...dto.shippingAddress },
      paymentMethod: dto.paymentMethod,
      status: INITIAL_STATUS,
      placedAt: now,
      change: { to: INITIAL_STATUS, by: ctx.userId, at: now },
    };
    try {
      return await this.commands.publish(ctx, { type: ORDER_ENTITY, code, name: `Order ${code}`, attributes, indexes: orderIndexes(ctx, code, attributes) }, { expectedVersion: 0, alsoWrite: guards });
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons || !guards.length) throw error;
      // [version 1, action counter, one held-units check per SKU]
      if (reasons[1] === 'ConditionalCheckFailed') throw tooMany(action);
      const over = [...wanted.keys()].filter((_, i) => reasons[2 + i] === 'ConditionalCheckFailed');
      if (over.length) {
        throw new ConflictError(`one customer may hold at most ${limits.maxHeldUnitsPerSku} units of one SKU in open orders (maxHeldUnitsPerSku)`, { limit: 'maxHeldUnitsPerSku', skus: over });
      }
      throw error;
    }
  }

  /** The newest version from the command table, even before the stream synced it. */
  async latest(ctx: TenantContext, code: string): Promise<CommandItem<OrderAttributes> | undefined> {
    return this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, code);
  }

  /** A person's move (PATCH /orders/:code/status). */
  async changeStatus(ctx: TenantContext, code: string, dto: ChangeOrderStatusDto): Promise<CommandItem<OrderAttributes>> {
    const byShop = hasRole(ctx, 'tenant-admin');
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
  async list(ctx: TenantContext, query: ListOrdersQueryDto): Promise<Page<EntityRecord<OrderAttributes>>> {
    const { status, ...page } = query;
    const where = status ? { 'attributes.status': status } : undefined;
    if (hasRole(ctx, 'tenant-admin')) return this.data.list<OrderAttributes>(ctx, ORDER_ENTITY, { ...page, where });
    return this.data.listIndexed<OrderAttributes>(ctx, DATA_INDEXES.byOwner, customerOrdersGroup(ctx.userId), { ...page, where });
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
    const order = await this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, code);
    if (!order || !mayRead(ctx, order.attributes)) throw new NotFoundError('order', code);
    return order;
  }

  private async consumeCustomerAction(ctx: TenantContext, tenant: TenantAttributes | undefined): Promise<void> {
    if (hasRole(ctx, 'tenant-admin')) return;
    const limit = tenantLimits(tenant).customerActionsPerHour;
    await this.rateLimits.consume(ctx, customerActionsBucket(ctx), { name: 'customerActionsPerHour', limit, windowSeconds: HOUR_SECONDS });
  }

  private async move(ctx: TenantContext, code: string, move: StatusMove, bySystem: boolean): Promise<CommandItem<OrderAttributes>> {
    const visible = (item: CommandItem<OrderAttributes>) => bySystem || mayRead(ctx, item.attributes);
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

/** Orders placed and cancels made by one customer share one hourly counter. */
export function customerActionsBucket(ctx: TenantContext): string {
  return `orders.${userKeyPart(ctx.userId)}`;
}

/** Customers see their own orders only; another's is "not found", never "forbidden". */
function mayRead(ctx: TenantContext, order: OrderAttributes): boolean {
  return hasRole(ctx, 'tenant-admin') || (!order.guest && order.customerId === ctx.userId);
}
