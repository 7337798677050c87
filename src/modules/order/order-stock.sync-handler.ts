import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityRecord } from '../../core/entity';
import { ConflictError, VersionConflictError } from '../../core/errors';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { StockReservations } from '../inventory';
import { ShopSettingsService } from '../tenant';
import { ORDER_ENTITY } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderService, StatusMove } from './order.service';
import { newShipments } from './order-shipments';
import { OrderStockHolds } from './order-stock.holds';

/**
 * The stock side of every order version: a new order reserves all its lines at once, and
 * redeems its coupons in the same transaction, then is confirmed (or, paid online or by bank
 * transfer, awaits payment until its hold ends), or is cancelled as out_of_stock / held_limit /
 * coupon_unavailable with nothing held and nothing redeemed; a cancel releases stock and
 * redemptions together; each shipment turns its units into a sale. Each step is guarded by the
 * order's reservation (and a shipment's movement lines), so a redelivered version changes nothing.
 */
@Injectable()
export class OrderStockSyncHandler implements DataSyncHandler<OrderAttributes>, OnModuleInit {
  readonly name = 'order.stock';
  readonly entityType = ORDER_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly stock: StockReservations,
    private readonly holds: OrderStockHolds,
    private readonly orders: OrderService,
    private readonly settings: ShopSettingsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<OrderAttributes>): Promise<void> {
    const order = current.attributes;
    if (!previous) return this.reserve(ctx, current);
    for (const { shipment, final } of newShipments(previous.attributes, order)) {
      await this.stock.deductShipment(ctx, current.code, shipment.id, shipment.lines, final);
    }
    if (previous.attributes.status === order.status) return;
    if (order.status === 'cancelled') await this.holds.release(ctx, current);
  }

  /**
   * Called when the core gives up on a version. A new order is undone the business way: it is
   * cancelled, and that version's own sync releases whatever was held. Later moves (a release,
   * a sale) are not undone automatically: doing so would hold or return stock behind the
   * admins' backs, so this refuses loudly and the dead-letter says which order to look at.
   */
  async down(ctx: TenantContext, { current, previous }: SyncedChange<OrderAttributes>): Promise<void> {
    if (previous) throw new Error(`order ${current.code} v${current.version} (${current.attributes.status}) needs an operator: stock steps are not undone automatically`);
    await this.moveIfStillExpected(ctx, current, { to: 'cancelled', cancelReason: 'processing_failed' });
  }

  private async reserve(ctx: TenantContext, placed: EntityRecord<OrderAttributes>): Promise<void> {
    const order = placed.attributes;
    const outcome = await this.holds.hold(ctx, placed);
    const holdSeconds = outcome.kind === 'reserved' ? await this.paymentHoldSeconds(ctx, order) : undefined;
    if (holdSeconds !== undefined) {
      const holdUntil = new Date(Date.now() + holdSeconds * 1000).toISOString();
      await this.moveIfStillExpected(ctx, placed, { to: 'awaiting_payment', holdUntil });
    } else if (outcome.kind === 'reserved') {
      await this.moveIfStillExpected(ctx, placed, { to: 'confirmed' });
    } else if (outcome.kind === 'companion_refused') {
      await this.moveIfStillExpected(ctx, placed, { to: 'cancelled', cancelReason: 'coupon_unavailable', unavailableCoupons: outcome.labels });
    } else if (outcome.kind === 'out_of_stock') {
      await this.moveIfStillExpected(ctx, placed, { to: 'cancelled', cancelReason: 'out_of_stock', outOfStockSkus: outcome.skus });
    } else if (outcome.kind === 'held_limit') {
      await this.moveIfStillExpected(ctx, placed, { to: 'cancelled', cancelReason: 'held_limit', heldLimitSkus: outcome.skus });
    }
  }

  /**
   * How long a held order waits for its money, or nothing when it is confirmed at once: paid
   * online, `holdSeconds`; paid offline before shipping (a bank transfer), `offlinePaymentHoldHours`,
   * so an unpaid one cannot hold stock forever; cash on delivery and the like, confirmed at once.
   */
  private async paymentHoldSeconds(ctx: TenantContext, order: OrderAttributes): Promise<number | undefined> {
    const checkout = order.checkout;
    if (checkout?.paymentKind === 'online') return (await this.settings.current(ctx)).holdSeconds;
    if (checkout?.paymentKind === 'offline' && checkout.offlineKind === 'before_shipping') return (await this.settings.current(ctx)).offlinePaymentHoldHours * 3600;
    return undefined;
  }

  /**
   * Publishes the next version from the one this sync holds (one conditional put). A
   * redelivery, or a customer who cancelled first, already moved the order: their version decides.
   */
  private async moveIfStillExpected(ctx: TenantContext, held: EntityRecord<OrderAttributes>, move: Omit<StatusMove, 'expectedVersion'>): Promise<void> {
    try {
      await this.orders.moveBySystem(ctx, held, move);
    } catch (error) {
      if (!(error instanceof VersionConflictError) && !(error instanceof ConflictError)) throw error;
    }
  }
}
