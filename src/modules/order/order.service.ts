import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError } from '../../core/errors';
import { HistoryService } from '../../core/history.service';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { ChangeOrderStatusDto, CreateOrderDto, ListOrdersQueryDto } from './dto/order.dto';
import { ORDER_ENTITY, pendingOrderKey } from './order.keys';
import { OrderAttributes, OrderStatus } from './order.model';
import { OrderNumbers } from './order.numbers';
import { OrderPricing } from './order.pricing';
import { checkTransition, INITIAL_STATUS } from './order.state-machine';

export interface StatusMove {
  to: OrderStatus;
  expectedVersion: number;
  reason?: string;
  trackingNumber?: string;
  outOfStockSkus?: string[];
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
    private readonly pricing: OrderPricing,
    private readonly numbers: OrderNumbers,
  ) {}

  async place(ctx: TenantContext, dto: CreateOrderDto): Promise<CommandItem<OrderAttributes>> {
    const priced = await this.pricing.price(ctx, dto.items);
    const code = await this.numbers.next(ctx);
    const now = new Date().toISOString();
    const attributes: OrderAttributes = {
      customerId: ctx.userId,
      ...((ctx.email ?? dto.contactEmail) ? { customerEmail: ctx.email ?? dto.contactEmail } : {}),
      ...priced,
      shippingAddress: { ...dto.shippingAddress },
      paymentMethod: dto.paymentMethod,
      status: INITIAL_STATUS,
      placedAt: now,
      change: { to: INITIAL_STATUS, by: ctx.userId, at: now },
    };
    return this.commands.publish(
      ctx,
      { type: ORDER_ENTITY, code, name: `Order ${code}`, attributes },
      { expectedVersion: 0, alsoWrite: [{ put: { sk: pendingOrderKey(code), orderCode: code, placedAt: now } }] },
    );
  }

  /** The newest version from the command table, even before the stream synced it. */
  async latest(ctx: TenantContext, code: string): Promise<CommandItem<OrderAttributes> | undefined> {
    return this.commands.getLatest<OrderAttributes>(ctx, ORDER_ENTITY, code);
  }

  /** A person's move (PATCH /orders/:code/status). */
  async changeStatus(ctx: TenantContext, code: string, dto: ChangeOrderStatusDto): Promise<CommandItem<OrderAttributes>> {
    return this.move(ctx, code, { to: dto.status, expectedVersion: dto.expectedVersion, reason: dto.reason, trackingNumber: dto.trackingNumber }, false);
  }

  /** The stream's move (confirm after reserving, cancel when out of stock). */
  async moveBySystem(ctx: TenantContext, code: string, move: StatusMove): Promise<CommandItem<OrderAttributes>> {
    return this.move(ctx, code, move, true);
  }

  async get(ctx: TenantContext, code: string): Promise<EntityRecord<OrderAttributes>> {
    const order = await this.data.get<OrderAttributes>(ctx, ORDER_ENTITY, code);
    if (!order || !mayRead(ctx, order.attributes)) throw new NotFoundError('order', code);
    return order;
  }

  async list(ctx: TenantContext, query: ListOrdersQueryDto): Promise<Page<EntityRecord<OrderAttributes>>> {
    const { status, ...page } = query;
    const where: Record<string, string> = {};
    if (!hasRole(ctx, 'tenant-admin')) where['attributes.customerId'] = ctx.userId;
    if (status) where['attributes.status'] = status;
    return this.data.list<OrderAttributes>(ctx, ORDER_ENTITY, { ...page, where });
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

  private async move(ctx: TenantContext, code: string, move: StatusMove, bySystem: boolean): Promise<CommandItem<OrderAttributes>> {
    return this.commands.update<OrderAttributes>(ctx, ORDER_ENTITY, code, move.expectedVersion, (current) => {
      const order = current.attributes;
      if (!bySystem && !mayRead(ctx, order)) throw new NotFoundError('order', code);
      const check = checkTransition({ ctx, order, to: move.to, trackingNumber: move.trackingNumber, bySystem });
      if (!check.allowed) throw new ConflictError(check.message, { status: order.status, currentVersion: current.version });
      const at = new Date().toISOString();
      return {
        name: current.name,
        attributes: {
          ...order,
          status: move.to,
          ...(move.trackingNumber ? { trackingNumber: move.trackingNumber } : {}),
          ...(move.to === 'cancelled' ? { cancelReason: move.reason ?? 'cancelled' } : {}),
          ...(move.outOfStockSkus ? { outOfStockSkus: move.outOfStockSkus } : {}),
          change: { from: order.status, to: move.to, ...(move.reason ? { reason: move.reason } : {}), by: ctx.userId, at },
        },
      };
    });
  }
}

/** Customers see their own orders only; another's is "not found", never "forbidden". */
function mayRead(ctx: TenantContext, order: OrderAttributes): boolean {
  return hasRole(ctx, 'tenant-admin') || order.customerId === ctx.userId;
}
