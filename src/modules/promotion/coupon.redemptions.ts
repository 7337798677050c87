import { Injectable } from '@nestjs/common';
import { TenantWrite } from '../../core/tenant-item.store';
import { Redeemer } from './coupon.model';
import { couponRedeemerKey, couponUsageKey, redemptionKey } from './promotion.keys';

export interface RedemptionLine {
  couponCode: string;
  orderCode: string;
  redeemer: string;
  state: 'held' | 'released' | 'final';
  at: string;
}

/**
 * The writes that redeem and release coupons. They go into the order's stock transaction, whose
 * reservation guard makes each happen once per order; their own conditions keep the limits.
 */
@Injectable()
export class CouponRedemptions {
  /**
   * Exactly three writes per coupon, in this order: the coupon's counter (only below its limit),
   * the shopper's counter (only below theirs), the ledger line (only if absent).
   */
  redeemWrites(orderCode: string, coupon: { code: string; usageLimit?: number; perCustomerLimit?: number }, redeemer: Redeemer, now: string, again = false): TenantWrite[] {
    const below = (limit: number | undefined) => (limit === undefined ? {} : { condition: 'attribute_not_exists(redeemed) OR redeemed < :limit', values: { ':one': 1, ':limit': limit } });
    const line: RedemptionLine = { couponCode: coupon.code, orderCode, redeemer: redeemer.key, state: 'held', at: now };
    return [
      // Reason: never more redemptions than the coupon's usage limit, whatever the concurrency.
      { update: couponUsageKey(coupon.code), set: 'ADD redeemed :one', values: { ':one': 1 }, ...below(coupon.usageLimit) },
      // Reason: one shopper stays within the per-customer limit.
      { update: couponRedeemerKey(coupon.code, redeemer.key), set: 'ADD redeemed :one', values: { ':one': 1 }, ...below(coupon.perCustomerLimit) },
      // `again`: a late payment redeems a released line once more (only a released one).
      again
        ? { update: redemptionKey(coupon.code, orderCode), set: 'SET #state = :held, redeemedAgainAt = :now', condition: '#state = :released', names: { '#state': 'state' }, values: { ':held': 'held', ':released': 'released', ':now': now } }
        : { put: { sk: redemptionKey(coupon.code, orderCode), ...line }, condition: 'attribute_not_exists(pk)' },
    ];
  }

  /** Gives a held redemption back: both counters down, the ledger line released (only if it was held). */
  releaseWrites(orderCode: string, couponCode: string, redeemer: Redeemer, now: string): TenantWrite[] {
    // Reason: a counter is only taken down while it is above zero.
    const aboveZero = { condition: 'redeemed > :zero', values: { ':minus': -1, ':zero': 0 } };
    return [
      { update: couponUsageKey(couponCode), set: 'ADD redeemed :minus', ...aboveZero },
      { update: couponRedeemerKey(couponCode, redeemer.key), set: 'ADD redeemed :minus', ...aboveZero },
      {
        update: redemptionKey(couponCode, orderCode),
        set: 'SET #state = :released, releasedAt = :now',
        condition: '#state = :held',
        names: { '#state': 'state' },
        values: { ':released': 'released', ':held': 'held', ':now': now },
      },
    ];
  }
}
