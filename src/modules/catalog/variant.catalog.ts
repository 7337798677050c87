import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { CategoryService } from './category.service';
import { PRODUCT_ENTITY, skuClaimKey } from './product.keys';
import { ProductAttributes, withVariants } from './product.model';
import { SaleableVariant } from './variant.model';

/**
 * Variants by SKU, as carts and orders need them: the SKU's claim says which product it is
 * (one consistent BatchGet), then each product's newest version, all at once (a price or an
 * `active` changed a moment ago counts), which carries its category path. Two round trips;
 * unknown SKUs are left out.
 */
@Injectable()
export class VariantCatalog {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly categories: CategoryService,
  ) {}

  async variants(ctx: TenantContext, skus: readonly string[]): Promise<Map<string, SaleableVariant>> {
    const found = new Map<string, SaleableVariant>();
    if (!skus.length) return found;
    const claims = await this.items.getMany<{ productCode: string }>(ctx, skus.map(skuClaimKey));
    const productCodes = [...new Set([...claims.values()].map((c) => c.productCode))];
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
        if (!skus.includes(v.sku)) continue;
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
    return found;
  }
}
