/**
 * The public surface of `catalog`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export type { CategoryAttributes } from './category.model';
export { CategoryService, MAX_CATEGORY_DEPTH } from './category.service';
export { CATEGORY_ENTITY, PRODUCT_ENTITY } from './product.keys';
export { withVariants } from './product.model';
export type { ProductAttributes } from './product.model';
export { ProductService } from './product.service';
export { VariantCatalog } from './variant.catalog';
export { STOCK_STATES, VariantStockStates } from './variant-stock';
export type { StockState, StockStateSource } from './variant-stock';
export type { SaleableVariant } from './variant.model';
