/**
 * The public surface of `review`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { REVIEW_ENTITY } from './review.model';
export { CartStateProjection, PaymentRefundProjection, PurchaseProjection, ReviewProjection } from './review.projection';
