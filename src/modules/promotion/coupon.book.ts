import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { CouponRule } from '../pricing';
import { COUPON_ENTITY, CouponAttributes, CouponRefusal, Redeemer } from './coupon.model';
import { couponRedeemerKey, couponUsageKey } from './promotion.keys';

/** Coupon codes are typed by shoppers in any case. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Answers "may this coupon be used now, by this shopper?" from the newest coupon version and
 * its counters (strongly consistent). The checkout transaction re-checks the limits with
 * conditions: this answer is for telling a shopper early, not the guard.
 */
@Injectable()
export class CouponBook {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
  ) {}

  async find(ctx: TenantContext, code: string): Promise<CommandItem<CouponAttributes> | undefined> {
    return this.commands.getLatest<CouponAttributes>(ctx, COUPON_ENTITY, normalizeCouponCode(code));
  }

  async redeemed(ctx: TenantContext, code: string): Promise<number> {
    return (await this.items.get<{ redeemed?: number }>(ctx, couponUsageKey(code)))?.redeemed ?? 0;
  }

  /**
   * The usage counters of these coupons for this redeemer, in one consistent BatchGet: read
   * beside the coupons themselves (their keys need only the codes), not after them.
   */
  async counters(ctx: TenantContext, codes: readonly string[], redeemer: Redeemer | undefined): Promise<Map<string, { redeemed?: number }>> {
    const keys = codes.flatMap((code) => counterKeys(normalizeCouponCode(code), redeemer));
    return keys.length ? this.items.getMany<{ redeemed?: number }>(ctx, keys) : new Map();
  }

  /** Why this shopper may not use the coupon now, from it and its `counters()` (undefined: usable). */
  refusal(
    coupon: CommandItem<CouponAttributes>,
    at: { now: Date; redeemer?: Redeemer; currency: string },
    counters: Map<string, { redeemed?: number }>,
  ): { reason: CouponRefusal; message: string } | undefined {
    const a = coupon.attributes;
    if (!a.active) return { reason: 'inactive', message: `coupon ${coupon.code} is not active` };
    if (a.startsAt && Date.parse(a.startsAt) > at.now.getTime()) return { reason: 'not_yet_valid', message: `coupon ${coupon.code} is valid from ${a.startsAt}` };
    if (a.endsAt && Date.parse(a.endsAt) <= at.now.getTime()) return { reason: 'expired', message: `coupon ${coupon.code} expired at ${a.endsAt}` };
    if (a.kind === 'fixed' && a.currency !== at.currency) return { reason: 'currency', message: `coupon ${coupon.code} is in ${a.currency}, not ${at.currency}` };
    if (a.usageLimit === undefined && (a.perCustomerLimit === undefined || !at.redeemer)) return undefined;
    const keys = counterKeys(coupon.code, at.redeemer);
    const used = counters.get(keys[0])?.redeemed ?? 0;
    if (a.usageLimit !== undefined && used >= a.usageLimit) return { reason: 'exhausted', message: `coupon ${coupon.code} has been used ${a.usageLimit} times, its limit` };
    const mine = at.redeemer ? (counters.get(keys[1])?.redeemed ?? 0) : 0;
    if (a.perCustomerLimit !== undefined && mine >= a.perCustomerLimit) return { reason: 'already_used', message: `you have used coupon ${coupon.code} ${mine} times, its limit per customer` };
    return undefined;
  }

  toRule(coupon: CommandItem<CouponAttributes>): CouponRule {
    const a = coupon.attributes;
    return {
      code: coupon.code,
      kind: a.kind,
      value: a.value,
      productCodes: a.productCodes,
      categoryCodes: a.categoryCodes,
      ...(a.minimumSubtotal !== undefined ? { minimumSubtotal: a.minimumSubtotal } : {}),
      ...(a.maxDiscount !== undefined ? { maxDiscount: a.maxDiscount } : {}),
      exclusive: a.exclusive,
    };
  }
}

/** A coupon's usage counter, then the redeemer's (when known). */
function counterKeys(code: string, redeemer: Redeemer | undefined): string[] {
  return [couponUsageKey(code), ...(redeemer ? [couponRedeemerKey(code, redeemer.key)] : [])];
}
