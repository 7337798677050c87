import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityRecord } from '../../core/entity';
import { ConflictError, VersionConflictError } from '../../core/errors';
import { DataSyncHandler, DataSyncRegistry, SyncedChange } from '../../core/sync/data-sync-handler';
import { TenantContext } from '../../core/tenant-context';
import { CompanionWrite, StockReservations } from '../inventory/stock.reservations';
import { CouponBook } from '../promotion/coupon.book';
import { CouponRedemptions } from '../promotion/coupon.redemptions';
import { ShopSettingsService } from '../tenant/shop-settings.service';
import { TenantDirectory } from '../tenant/tenant.directory';
import { tenantLimits } from '../tenant/tenant.model';
import { TenantWrite } from '../../core/tenant-item.store';
import { ORDER_ENTITY } from './order.keys';
import { OrderAttributes } from './order.model';
import { OrderService, StatusMove } from './order.service';

/**
 * The stock side of every order version: a new order reserves all its lines at once, and
 * redeems its coupons in the same transaction, then is confirmed (or, paid online, awaits
 * payment until its hold ends), or is cancelled as out_of_stock / held_limit /
 * coupon_unavailable with nothing held and nothing redeemed; a cancel releases stock and
 * redemptions together; shipping turns the stock into a sale. Each step is guarded by the
 * order's reservation, so a redelivered version changes nothing.
 */
@Injectable()
export class OrderStockSyncHandler implements DataSyncHandler<OrderAttributes>, OnModuleInit {
  readonly name = 'order.stock';
  readonly entityType = ORDER_ENTITY;

  constructor(
    private readonly registry: DataSyncRegistry,
    private readonly stock: StockReservations,
    private readonly orders: OrderService,
    private readonly tenants: TenantDirectory,
    private readonly settings: ShopSettingsService,
    private readonly coupons: CouponBook,
    private readonly redemptions: CouponRedemptions,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async up(ctx: TenantContext, { current, previous }: SyncedChange<OrderAttributes>): Promise<void> {
    const order = current.attributes;
    if (!previous) return this.reserve(ctx, current);
    if (previous.attributes.status === order.status) return;
    if (order.status === 'cancelled') await this.stock.release(ctx, current.code, (now) => this.releaseRedemptions(current.code, order, now));
    if (order.status === 'shipped') await this.stock.deduct(ctx, current.code);
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
    const { maxHeldUnitsPerSku } = tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes);
    const outcome = await this.stock.reserve(
      ctx,
      placed.code,
      order.items.map(({ sku, productCode, quantity }) => ({ sku, productCode, quantity })),
      // A guest holds (and redeems) as the email they checked out with, not as "all guests".
      { customerId: order.guest && order.checkout ? order.checkout.redeemer : order.customerId, maxHeldUnitsPerSku },
      await this.redeemCoupons(ctx, placed.code, order),
    );
    if (outcome.kind === 'reserved' && order.checkout?.paymentKind === 'online') {
      const holdUntil = new Date(Date.now() + (await this.settings.current(ctx)).holdSeconds * 1000).toISOString();
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
   * The redemptions of the order's coupons, written with the stock hold or not at all: each
   * coupon's counter only below its limit (newest coupon version), the shopper's only below
   * theirs, one ledger line per order. Labelled with the coupon code.
   */
  private async redeemCoupons(ctx: TenantContext, orderCode: string, order: OrderAttributes): Promise<CompanionWrite[]> {
    const used = order.checkout?.coupons ?? [];
    if (!used.length) return [];
    const now = new Date().toISOString();
    const redeemer = { key: order.checkout!.redeemer };
    const coupons = await Promise.all(used.map((c) => this.coupons.find(ctx, c.code)));
    return used.flatMap((c, i) => {
      const coupon = coupons[i]?.attributes;
      const limits = { code: c.code, usageLimit: coupon?.usageLimit, perCustomerLimit: coupon?.perCustomerLimit };
      return this.redemptions.redeemWrites(orderCode, limits, redeemer, now).map((write) => ({ label: c.code, write }));
    });
  }

  /** The inverse of `redeemCoupons`, released with the stock (the reservation guard makes it once). */
  private releaseRedemptions(orderCode: string, order: OrderAttributes, now: string): TenantWrite[] {
    const checkout = order.checkout;
    if (!checkout) return [];
    return checkout.coupons.flatMap((c) => this.redemptions.releaseWrites(orderCode, c.code, { key: checkout.redeemer }, now));
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
