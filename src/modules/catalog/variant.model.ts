import { Money } from '../../core/money';

/**
 * Contract between the catalog and its readers (carts, orders, inventory). A product has
 * options (Size, Color) and variants; each variant is a SKU unique in the tenant. A product
 * created the seed-001 way (one `sku`, one `price`) is one default variant.
 */
export interface ProductOption {
  name: string;
  values: string[];
}

export interface ProductVariant {
  sku: string;
  /** Option name → value; {} for the default variant. */
  options: Record<string, string>;
  /** Absent: the product's price. */
  price?: Money;
  compareAtPrice?: Money;
  weightGrams: number;
  /** Key of the tax rates that apply (`standard`, `reduced`, ...). */
  taxClass: string;
  active: boolean;
}

/** One variant as a cart or an order sees it: resolved from the newest product version. */
export interface SaleableVariant {
  sku: string;
  productCode: string;
  productVersion: number;
  productName: string;
  options: Record<string, string>;
  price: Money;
  compareAtPrice?: Money;
  weightGrams: number;
  taxClass: string;
  /** The product's categories, each followed by its ancestors. */
  categoryCodes: string[];
  /** Product active and variant active. */
  active: boolean;
}

export const DEFAULT_TAX_CLASS = 'standard';
