import { sortKey, sortKeyPrefix } from '../../core/keys';

/** How often a coupon was redeemed, over all shoppers: `{redeemed}`, changed only in checkout transactions. */
export const couponUsageKey = (code: string) => sortKey('COUPONUSAGE', code);

/** How often one shopper redeemed a coupon. */
export const couponRedeemerKey = (code: string, redeemer: string) => sortKey('COUPONREDEEMER', code, redeemer);

/** The redemption ledger: one line per coupon and order (held, released or final). */
export const redemptionKey = (code: string, orderCode: string) => sortKey('REDEMPTION', code, orderCode);
export const redemptionPrefix = (code: string) => sortKeyPrefix('REDEMPTION', code);
