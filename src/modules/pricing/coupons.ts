import { CouponRule } from './pricing.model';

/**
 * The order coupons apply in, each on what the earlier ones left: percentage coupons first,
 * then fixed amounts, then free shipping; ties by code. (A percentage applied after a fixed
 * amount would shrink with it; this order gives the shopper the documented, larger discount.)
 * At most one exclusive coupon, and never an exclusive with another: the later one is refused.
 */
const KIND_ORDER = { percentage: 0, fixed: 1, free_shipping: 2 } as const;

export function orderCoupons(coupons: readonly CouponRule[]): { ordered: CouponRule[]; problem?: { couponCode: string; problem: string } } {
  const conflict = coupons.length > 1 && coupons.some((c) => c.exclusive);
  if (conflict) {
    // The coupon applied last is the one refused: what the shopper had keeps working.
    const refused = coupons[coupons.length - 1];
    const kept = orderCoupons(coupons.slice(0, -1)).ordered;
    const problem = refused.exclusive ? `${refused.code} is exclusive: it cannot be combined with ${kept.map((c) => c.code).join(', ')}` : `${kept.find((c) => c.exclusive)?.code} is exclusive: no other coupon can be added`;
    return { ordered: kept, problem: { couponCode: refused.code, problem } };
  }
  const ordered = [...coupons].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.code.localeCompare(b.code));
  return { ordered };
}
