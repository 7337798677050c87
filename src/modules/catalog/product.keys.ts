import { sortKey, sortKeyPrefix } from '../../core/keys';

/** Entity type of a product; its code is the product code. */
export const PRODUCT_ENTITY = 'PRODUCT';

/** Entity type of a category; its code is the admin's. */
export const CATEGORY_ENTITY = 'CATEGORY';

/** Which product a SKU belongs to: `{productCode}`, written with the product's version (SKUs are unique in a tenant). */
export const skuClaimKey = (sku: string) => sortKey('SKU', sku);

/** Which category a slug names: `{categoryCode}` (slugs are unique in a tenant). */
export const categorySlugKey = (slug: string) => sortKey('CATEGORYSLUG', slug);

/**
 * An active product listed under a category or one of its ancestors: one item per pair, written
 * with the product's version, so a category's page is one Query over its prefix.
 */
export const categoryProductKey = (categoryCode: string, productCode: string) => sortKey('CATEGORYPRODUCT', categoryCode, productCode);
export const categoryProductPrefix = (categoryCode: string) => sortKeyPrefix('CATEGORYPRODUCT', categoryCode);
