import { CommandItem } from '../../core/entity';
import { ENTITY_SORT_KEYS, SortKeys } from '../../core/sorted-page';
import { CouponKind } from '../pricing';

/** Entity type of a coupon; its code is what shoppers type (stored upper-case). */
export const COUPON_ENTITY = 'COUPON';

/** A coupon as tenant admins write it (`/coupons`): a versioned entity. */
export interface CouponAttributes {
  kind: CouponKind;
  /** Basis points for `percentage`, minor units for `fixed`, 0 for `free_shipping`. */
  value: number;
  currency: string;
  productCodes: string[];
  categoryCodes: string[];
  minimumSubtotal?: number;
  maxDiscount?: number;
  /** ISO timestamps; absent = no bound. */
  startsAt?: string;
  endsAt?: string;
  /** Redemptions over all shoppers; absent = unlimited. */
  usageLimit?: number;
  /** Redemptions per person (normalized mailbox of a guest or of a customer's verified email, else customer id); absent = unlimited. */
  perCustomerLimit?: number;
  exclusive: boolean;
  active: boolean;
}

/**
 * Why a coupon cannot be applied now, as a code and a sentence (400 on apply, re-checked on
 * every cart read and at completion).
 */
export type CouponRefusal =
  | 'unknown'
  | 'inactive'
  | 'not_yet_valid'
  | 'expired'
  | 'minimum_not_met'
  | 'exhausted'
  | 'already_used'
  | 'exclusive_conflict'
  | 'currency';

/** Who redeems: a person by normalized mailbox when an email is known, else a customer by id (`redeemerOf()` builds it). */
export interface Redeemer {
  /** A valid key part: `e.<digest of the normalized mailbox>` or `c.<user key part>`. */
  key: string;
}

/** The sorts of the coupon list (default `code`, the order it always had). */
export const COUPON_SORT_KEYS: SortKeys<CommandItem<CouponAttributes>> = { code: ENTITY_SORT_KEYS.code, createdAt: ENTITY_SORT_KEYS.createdAt };
