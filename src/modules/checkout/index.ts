/**
 * The public surface of `checkout`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { CheckoutService } from './checkout.service';
