/**
 * The public surface of `cart`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { CART_ENTITY, checkoutClaimKey } from './cart.keys';
export type { CartAttributes } from './cart.model';
export { CartService } from './cart.service';
export type { CartVersion } from './cart.service';
