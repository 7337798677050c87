/**
 * The public surface of `payment`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { PAYMENT_ENTITY } from './payment.keys';
export { paymentAmounts } from './payment.model';
export type { PaymentAttributes } from './payment.model';
