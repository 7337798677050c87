import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { CategoryService } from './category.service';
import { PRODUCT_ENTITY, skuClaimKey } from './product.keys';
import { ProductAttributes, withVariants } from './product.model';
import { SaleableVariant } from './variant.model';

/**
 * Variants by SKU, as carts and orders need them, from each product's newest version (a price or
 * an `active` changed a moment ago counts), which carries its category path. A caller that knows
 * which product a SKU was in (a cart line remembers it) reads that product at once: one round
 * trip. A SKU without such a hint, or no longer in the hinted product, is looked up by its claim
 * (one consistent BatchGet), then its product: two. The hint cannot mislead: a product's newest
 * version holds a SKU only while that product holds the SKU's claim (both change in one
 * transaction). Unknown SKUs are left out.
 */
@Injectable()
export class VariantCatalog {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly categories: CategoryService,
  ) {}

  async variants(ctx: TenantContext, skus: readonly string[], productOf: ReadonlyMap<string, string> = new Map()): Promise<Map<string, SaleableVariant>> {
    const found = new Map<string, SaleableVariant>();
    if (!skus.length) return found;
    const hinted = [...new Set(skus.flatMap((sku) => productOf.get(sku) || []))];
    await this.collect(ctx, hinted, skus, found);
    const unresolved = skus.filter((sku) => !found.has(sku));
    if (unresolved.length) {
      const claims = await this.items.getMany<{ productCode: string }>(ctx, unresolved.map(skuClaimKey));
      const others = [...new Set([...claims.values()].map((c) => c.productCode))].filter((code) => !hinted.includes(code));
      await this.collect(ctx, others, unresolved, found);
    }
    return found;
  }

  /**
   * Every variant of these products, from their newest versions (one round trip), for callers
   * that name a product and maybe no SKU (`POST /orders`). Unknown products are left out.
   */
  async ofProducts(ctx: TenantContext, productCodes: readonly string[]): Promise<Map<string, SaleableVariant[]>> {
    const found = new Map<string, SaleableVariant>();
    await this.collect(ctx, [...new Set(productCodes)], undefined, found);
    const byProduct = new Map<string, SaleableVariant[]>();
    for (const variant of found.values()) byProduct.set(variant.productCode, [...(byProduct.get(variant.productCode) ?? []), variant]);
    return byProduct;
  }

  /** Reads the products' newest versions (side by side) and adds their variants among `skus` (all without) to `found`. */
  private async collect(ctx: TenantContext, productCodes: readonly string[], skus: readonly string[] | undefined, found: Map<string, SaleableVariant>): Promise<void> {
    if (!productCodes.length) return;
    const products = await Promise.all(productCodes.map((code) => this.commands.getLatest<ProductAttributes>(ctx, PRODUCT_ENTITY, code)));
    // A version written before products carried their category path walks the tree (each product beside the others).
    const paths = await Promise.all(
      products.map((product) => {
        const p = product && withVariants(product.attributes);
        return !p || !p.active ? [] : (p.categoryPath ?? this.categories.withAncestors(ctx, p.categoryCodes, []));
      }),
    );
    for (const [i, product] of products.entries()) {
      if (!product) continue;
      const p = withVariants(product.attributes);
      const categoryCodes = paths[i];
      for (const v of p.variants) {
        if (skus && !skus.includes(v.sku)) continue;
        found.set(v.sku, {
          sku: v.sku,
          productCode: product.code,
          productVersion: product.version,
          productName: product.name ?? product.code,
          options: v.options,
          price: v.price ?? p.price,
          ...(v.compareAtPrice ? { compareAtPrice: v.compareAtPrice } : {}),
          weightGrams: v.weightGrams,
          taxClass: v.taxClass,
          categoryCodes,
          active: p.active && v.active,
        });
      }
    }
  }
}
