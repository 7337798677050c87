/**
 * The public surface of `wishlist`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { WISHLIST_ENTITY } from './wishlist.model';
export { announceBackInStock, WishlistProjection } from './wishlist.projection';
export type { BackInStockEvent } from './wishlist.projection';
