import { Injectable } from '@nestjs/common';
import { EntityRecord } from '../../core/entity';
import { TenantContext } from '../../core/tenant-context';
import { TenantWrite } from '../../core/tenant-item.store';
import { CompanionWrite, ReserveOutcome, StockReservations } from '../inventory';
import { CouponBook, CouponRedemptions } from '../promotion';
import { TenantDirectory, tenantLimits } from '../tenant';
import { OrderAttributes } from './order.model';

/**
 * What an order holds: its stock and its coupon redemptions, taken in one transaction and given
 * back in one. `retake`: a payment that came after the hold ended takes both again, once, if
 * they are still there.
 */
@Injectable()
export class OrderStockHolds {
  constructor(
    private readonly stock: StockReservations,
    private readonly tenants: TenantDirectory,
    private readonly coupons: CouponBook,
    private readonly redemptions: CouponRedemptions,
  ) {}

  async hold(ctx: TenantContext, placed: Pick<EntityRecord<OrderAttributes>, 'code' | 'attributes'>, options: { retake?: boolean } = {}): Promise<ReserveOutcome> {
    const order = placed.attributes;
    const { maxHeldUnitsPerSku, guestHeldUnitsPerSkuPerClient } = tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes);
    const client = order.guest ? order.checkout?.client : undefined;
    return this.stock.reserve(
      ctx,
      placed.code,
      order.items.map(({ sku, productCode, quantity }) => ({ sku, productCode, quantity })),
      // A guest holds (and redeems) as the email they checked out with, not as "all guests";
      // and as the client they came from, which new emails do not change.
      {
        customerId: order.guest && order.checkout ? order.checkout.redeemer : order.customerId,
        maxHeldUnitsPerSku,
        ...(client ? { client: { key: client, maxHeldUnitsPerSku: guestHeldUnitsPerSkuPerClient } } : {}),
      },
      await this.redeemCoupons(ctx, placed.code, order, !!options.retake),
      options,
    );
  }

  /** Gives back the stock and the redemptions together (the reservation guard makes it once). */
  release(ctx: TenantContext, placed: Pick<EntityRecord<OrderAttributes>, 'code' | 'attributes'>): Promise<void> {
    return this.stock.release(ctx, placed.code, (now) => this.releaseRedemptions(placed.code, placed.attributes, now));
  }

  /**
   * The redemptions of the order's coupons, written with the stock hold or not at all: each
   * coupon's counter only below its limit (newest coupon version), the shopper's only below
   * theirs, one ledger line per order. Labelled with the coupon code.
   */
  private async redeemCoupons(ctx: TenantContext, orderCode: string, order: OrderAttributes, again: boolean): Promise<CompanionWrite[]> {
    const used = order.checkout?.coupons ?? [];
    if (!used.length) return [];
    const now = new Date().toISOString();
    const redeemer = { key: order.checkout!.redeemer };
    const coupons = await Promise.all(used.map((c) => this.coupons.find(ctx, c.code)));
    return used.flatMap((c, i) => {
      const coupon = coupons[i]?.attributes;
      const limits = { code: c.code, usageLimit: coupon?.usageLimit, perCustomerLimit: coupon?.perCustomerLimit };
      return this.redemptions.redeemWrites(orderCode, limits, redeemer, now, again).map((write) => ({ label: c.code, write }));
    });
  }

  private releaseRedemptions(orderCode: string, order: OrderAttributes, now: string): TenantWrite[] {
    const checkout = order.checkout;
    if (!checkout) return [];
    return checkout.coupons.flatMap((c) => this.redemptions.releaseWrites(orderCode, c.code, { key: checkout.redeemer }, now));
  }
}
