/**
 * The public surface of `promotion`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { CouponBook, normalizeCouponCode } from './coupon.book';
export type { CouponAttributes, CouponRefusal, Redeemer } from './coupon.model';
export { CouponRedemptions } from './coupon.redemptions';
export { redeemerOf } from './redeemer';
