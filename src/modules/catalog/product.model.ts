import { Money } from '../../core/money';
import { ProductOption, ProductVariant } from './variant.model';

export interface ProductAttributes {
  /** The first variant's SKU (a one-variant product's only SKU): what seed-001 clients read. */
  sku: string;
  /** The product's price; a variant without its own price sells at it. */
  price: Money;
  options: ProductOption[];
  variants: ProductVariant[];
  categoryCodes: string[];
  /**
   * An active product's categories, each followed by its ancestors, found when the version was
   * written (a category's parent is fixed at its creation, so this never goes stale): a cart
   * prices category coupons without walking the tree. Absent on inactive products and on
   * versions written before it existed.
   */
  categoryPath?: string[];
  description?: string;
  images: string[];
  active: boolean;
}

/** A product stored before variants existed is one default variant (and in no category). */
export function withVariants(product: ProductAttributes): ProductAttributes {
  if (product.variants?.length) return { ...product, categoryCodes: product.categoryCodes ?? [] };
  const legacy = product as ProductAttributes & { categoryCode?: string };
  return {
    ...product,
    options: [],
    variants: [{ sku: product.sku, options: {}, weightGrams: 0, taxClass: 'standard', active: true }],
    categoryCodes: legacy.categoryCode ? [legacy.categoryCode] : [],
  };
}
