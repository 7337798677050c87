import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../core/errors';
import { DataService } from '../../core/data.service';
import { DATA_INDEXES } from '../../core/tables';
import { userKeyPart } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { ShopSettingsService } from '../tenant';
import { ChangeReturnDto, CreateReturnDto } from './dto/return.dto';
import { OrderAmounts, unitsBySku } from './order-amounts';
import { shippedUnits } from './order-shipments';
import { customerOrdersGroup, customerReturnsWithin, RETURN_ENTITY, returnCode, returnCountKey, returnedUnitsKey, returnIndexes } from './order.keys';
import { OrderUnits, orderCustomerOf } from './order.model';
import { OrderService } from './order.service';
import { ReceivedUnits, ReturnAttributes } from './return.model';
import { RETURN_MACHINE } from './return.state-machine';

const DAY_MS = 86_400_000;

/**
 * Returns of delivered units. A customer asks within the shop's return window; the units asked
 * for are counted per SKU in the same transaction as the return (never more than were shipped,
 * whatever the concurrency); a rejection gives the count back. Receiving fixes the refund:
 * the units' share of the order total, by the same running totals as the shipments that
 * captured them, so returning everything gives back exactly what was paid.
 */
@Injectable()
export class ReturnService {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly orders: OrderService,
    private readonly settings: ShopSettingsService,
    private readonly data: DataService,
  ) {}

  async request(ctx: TenantContext, orderCode: string, dto: CreateReturnDto): Promise<CommandItem<ReturnAttributes>> {
    const order = await this.orders.get(ctx, orderCode);
    const a = order.attributes;
    if (a.status !== 'delivered' && a.status !== 'completed') throw new ConflictError(`order ${orderCode} is ${a.status}: only delivered units can be returned`, { status: a.status });
    const { returnWindowDays } = await this.settings.current(ctx);
    const deliveredAt = Date.parse(a.deliveredAt ?? a.change.at);
    if (Date.now() > deliveredAt + returnWindowDays * DAY_MS) {
      throw new ConflictError(`the return window of ${returnWindowDays} days after delivery has closed`, { reason: 'return_window_closed', returnWindowDays });
    }
    const shipped = shippedUnits(a);
    const problems = dto.lines.flatMap(({ sku, quantity }, i) => {
      if (dto.lines.findIndex((l) => l.sku === sku) !== i) return [{ field: `lines.${i}.sku`, problem: `${sku} is named twice` }];
      const units = shipped.get(sku) ?? 0;
      if (!units) return [{ field: `lines.${i}.sku`, problem: `${sku} was not delivered with this order` }];
      return quantity > units ? [{ field: `lines.${i}.quantity`, problem: `only ${units} of ${sku} were delivered` }] : [];
    });
    if (problems.length) throw new ValidationFailedError(problems);
    const n = (await this.items.update<{ count: number }>(ctx, returnCountKey(orderCode), 'ADD #count :one', { ':one': 1 }, { '#count': 'count' })).count;
    const code = returnCode(orderCode, n);
    const now = new Date().toISOString();
    const attributes: ReturnAttributes = {
      orderCode,
      // A guest's order claimed by now is the claimer's: so is this return (listed in their GET /me/returns).
      customerId: orderCustomerOf(a) ?? a.customerId,
      requestedAt: now,
      lines: dto.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      reason: dto.reason,
      state: 'requested',
      change: { to: 'requested', by: ctx.userId, at: now },
    };
    const counts: TenantWrite[] = attributes.lines.map(({ sku, quantity }) => ({
      update: returnedUnitsKey(orderCode, sku),
      set: 'ADD units :q',
      // Reason: never more units in open returns than were delivered, whatever the concurrency.
      condition: 'attribute_not_exists(units) OR units <= :room',
      values: { ':q': quantity, ':room': (shipped.get(sku) ?? 0) - quantity },
    }));
    try {
      return await this.commands.publish(ctx, { type: RETURN_ENTITY, code, name: `Return ${code}`, attributes, indexes: returnIndexes(ctx, code, attributes, now) }, { expectedVersion: 0, alsoWrite: counts });
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const over = attributes.lines.map((l, i) => (reasons[1 + i] === 'ConditionalCheckFailed' ? { field: `lines.${i}.quantity`, problem: `${l.sku}: more units than were delivered are in returns already` } : undefined)).filter((p) => !!p);
      if (over.length) throw new ValidationFailedError(over);
      throw error;
    }
  }

  /** The order's returns, oldest first (the caller must see the order). */
  async list(ctx: TenantContext, orderCode: string): Promise<CommandItem<ReturnAttributes>[]> {
    await this.orders.get(ctx, orderCode);
    return this.returnsOf(ctx, orderCode);
  }

  /** The signed-in customer's returns across their orders, newest first: one Query of their owner-index group per page (lags the stream, like every list). */
  async mine(ctx: TenantContext, page: { limit?: number; cursor?: string }): Promise<Page<EntityRecord<ReturnAttributes>>> {
    return this.data.listIndexed<ReturnAttributes>(ctx, DATA_INDEXES.byOwner, customerOrdersGroup(userKeyPart(ctx.userId)), { ...page, descending: true, within: customerReturnsWithin() });
  }

  /** A tenant admin's move: accept, reject (the counted units are freed), or receive (the refund is fixed). */
  async change(ctx: TenantContext, code: string, dto: ChangeReturnDto): Promise<CommandItem<ReturnAttributes>> {
    const found = await this.commands.getLatest<ReturnAttributes>(ctx, RETURN_ENTITY, code);
    if (!found) throw new NotFoundError('return', code);
    const order = await this.orders.get(ctx, found.attributes.orderCode);
    const earlier = dto.state === 'received' ? (await this.returnsOf(ctx, order.code)).filter((r) => r.code !== code && ['received', 'refunded'].includes(r.attributes.state)) : [];
    return this.commands.update<ReturnAttributes>(ctx, RETURN_ENTITY, code, dto.expectedVersion, (current) => {
      const from = current.attributes.state;
      const move = RETURN_MACHINE.check(from, dto.state, undefined);
      if (!move.allowed) throw new ConflictError(move.message, { state: from, currentVersion: current.version });
      const change = { from, to: dto.state, ...(dto.note ? { note: dto.note } : {}), by: ctx.userId, at: new Date().toISOString() };
      if (dto.state === 'rejected') {
        const free: TenantWrite[] = current.attributes.lines.map(({ sku, quantity }) => ({ update: returnedUnitsKey(order.code, sku), set: 'ADD units :minus', values: { ':minus': -quantity } }));
        return indexed(ctx, current, { ...current.attributes, state: 'rejected', change }, free);
      }
      if (dto.state === 'accepted') return indexed(ctx, current, { ...current.attributes, state: 'accepted', change });
      const received = receivedUnits(current.attributes.lines, dto.lines);
      const amounts = new OrderAmounts(order.attributes);
      const before = unitsBySku(earlier.map((r) => r.attributes.received ?? []));
      const shippingBack = !!dto.refundShipping && !earlier.some((r) => r.attributes.refundShipping);
      const amount = amounts.unitsAmount([...unitsBySku([received])].map(([sku, quantity]) => ({ sku, quantity })), before) + (shippingBack ? amounts.shipping : 0);
      return indexed(ctx, current, { ...current.attributes, state: 'received', received, refundShipping: shippingBack, refundAmount: { amount, currency: order.attributes.total.currency }, change });
    }, () => true);
  }

  /** The stream's last move: the refund went out (or there was nothing left to refund). */
  async markRefunded(ctx: TenantContext, held: { code: string; version: number; name?: string; attributes: ReturnAttributes; createdAt?: string; createdBy?: string; issuedAt?: string; issuedBy?: string }, refunded: ReturnAttributes['refunded']): Promise<void> {
    if (!RETURN_MACHINE.canMove(held.attributes.state, 'refunded')) return;
    const attributes: ReturnAttributes = { ...held.attributes, state: 'refunded', refunded, change: { from: 'received', to: 'refunded', by: ctx.userId, at: new Date().toISOString() } };
    await this.commands.publish(ctx, { type: RETURN_ENTITY, code: held.code, ...indexed(ctx, held, attributes) }, { expectedVersion: held.version, holding: held });
  }

  /** Staff: the returns of the orders named, order by order (a customer's detail shows those of their newest orders); one read for the counts. */
  async ofOrders(ctx: TenantContext, orderCodes: readonly string[]): Promise<CommandItem<ReturnAttributes>[]> {
    if (!orderCodes.length) return [];
    const counts = await this.items.getMany<{ count: number }>(ctx, orderCodes.map((code) => returnCountKey(code)));
    const perOrder = await Promise.all(orderCodes.map((code) => this.numbered(ctx, code, counts.get(returnCountKey(code))?.count ?? 0)));
    return perOrder.flat();
  }

  private async returnsOf(ctx: TenantContext, orderCode: string): Promise<CommandItem<ReturnAttributes>[]> {
    return this.numbered(ctx, orderCode, (await this.items.get<{ count: number }>(ctx, returnCountKey(orderCode)))?.count ?? 0);
  }

  /** The order's returns R1..R<count>, newest versions, oldest first. */
  private async numbered(ctx: TenantContext, orderCode: string, count: number): Promise<CommandItem<ReturnAttributes>[]> {
    const found = await Promise.all(Array.from({ length: count }, (_, i) => this.commands.getLatest<ReturnAttributes>(ctx, RETURN_ENTITY, returnCode(orderCode, i + 1))));
    return found.filter((r): r is CommandItem<ReturnAttributes> => !!r);
  }
}

/** A return's next version with its owner-index keys (written with every version), by when it was asked for. */
function indexed(ctx: TenantContext, held: { code: string; name?: string; createdAt?: string; issuedAt?: string }, attributes: ReturnAttributes, alsoWrite?: TenantWrite[]) {
  const requestedAt = attributes.requestedAt ?? held.createdAt ?? held.issuedAt ?? attributes.change.at;
  return { name: held.name, attributes, indexes: returnIndexes(ctx, held.code, attributes, requestedAt), ...(alsoWrite ? { alsoWrite } : {}) };
}

/** What arrived: at most what was asked to return, per SKU (400 naming the line otherwise). */
function receivedUnits(asked: readonly OrderUnits[], arrived: ChangeReturnDto['lines']): ReceivedUnits[] {
  if (!arrived?.length) return asked.map((l) => ({ ...l, condition: 'restock' }));
  const problems = arrived.flatMap(({ sku, quantity }, i) => {
    const wanted = asked.find((l) => l.sku === sku)?.quantity ?? 0;
    const named = arrived.filter((l) => l.sku === sku && l !== arrived[i]).reduce((sum, l) => sum + l.quantity, 0);
    if (!wanted) return [{ field: `lines.${i}.sku`, problem: `${sku} is not in this return` }];
    return quantity + named > wanted ? [{ field: `lines.${i}.quantity`, problem: `only ${wanted} of ${sku} were asked to return` }] : [];
  });
  if (problems.length) throw new ValidationFailedError(problems);
  return arrived.map(({ sku, quantity, condition }) => ({ sku, quantity, condition }));
}
