import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { ConflictError, FieldProblem, ValidationFailedError } from '../../core/errors';
import { applyRateHalfUp, Money } from '../../core/money';
import { TenantContext } from '../../core/tenant-context';
import { PRODUCT_ENTITY, ProductAttributes, withVariants } from '../catalog';
import { DEFAULT_TAX_RATE_BPS, TenantAttributes, tenantLimits } from '../tenant';
import { OrderItemDto } from './dto/order.dto';
import { assertOrderLimits } from './order-limits';
import { OrderLine } from './order.model';

export interface PricedOrder {
  items: OrderLine[];
  currency: string;
  subtotal: Money;
  taxRateBps: number;
  tax: Money;
  total: Money;
}

/**
 * Prices every line from the catalog's newest product versions (read from the command table:
 * a price or an `active` changed a moment ago counts), never from the client, and adds the
 * tenant's tax. Refuses lines and orders over the tenant's unit caps.
 */
@Injectable()
export class OrderPricing {
  constructor(private readonly commands: CommandService) {}

  async price(ctx: TenantContext, tenant: TenantAttributes | undefined, requested: readonly OrderItemDto[]): Promise<PricedOrder> {
    this.checkCaps(tenant, requested);
    const stored = await Promise.all(requested.map((item) => this.commands.getLatest<ProductAttributes>(ctx, PRODUCT_ENTITY, item.productCode)));
    const currency = tenant?.currency ?? 'USD';
    const problems: FieldProblem[] = [];
    // Each line's variant: the one named by `sku`, or a one-variant product's only one.
    const chosen = stored.map((product, i) => {
      if (!product) return undefined;
      const variants = withVariants(product.attributes).variants;
      const sku = requested[i].sku;
      const variant = sku ? variants.find((v) => v.sku === sku) : variants.length === 1 ? variants[0] : undefined;
      if (!sku && variants.length > 1) problems.push({ field: `items.${i}.sku`, problem: `product ${product.code} has ${variants.length} variants: name one (${variants.map((v) => v.sku).join(', ')})` });
      else if (!variant) problems.push({ field: `items.${i}.sku`, problem: `is not a variant of product ${product.code}` });
      return variant && { code: product.code, name: product.name, active: product.attributes.active && variant.active, sku: variant.sku, price: variant.price ?? product.attributes.price };
    });
    const products = chosen.map((c) => c && { code: c.code, name: c.name, attributes: { active: c.active, sku: c.sku, price: c.price } });
    products.forEach((product, i) => {
      if (!stored[i] || (product && !product.attributes.active)) problems.push({ field: `items.${i}.productCode`, problem: `no product ${requested[i].productCode} is for sale` });
      else if (product && product.attributes.price.currency !== currency) problems.push({ field: `items.${i}.productCode`, problem: `is priced in ${product.attributes.price.currency}, not the shop currency ${currency}` });
    });
    requested.forEach((item, i) => {
      if (item.expectedUnitPrice && item.expectedUnitPrice.currency !== currency) {
        problems.push({ field: `items.${i}.expectedUnitPrice.currency`, problem: `must be the shop currency ${currency}` });
      }
    });
    if (problems.length) throw new ValidationFailedError(problems);

    const changed = requested
      .map((item, i) => ({ item, price: products[i]!.attributes.price }))
      .filter(({ item, price }) => item.expectedUnitPrice && item.expectedUnitPrice.amount !== price.amount);
    if (changed.length) {
      throw new ConflictError('the price of some items changed', {
        prices: changed.map(({ item, price }) => ({ productCode: item.productCode, expected: item.expectedUnitPrice, current: price })),
      });
    }

    const items: OrderLine[] = requested.map((item, i) => {
      const product = products[i]!;
      return {
        productCode: product.code,
        sku: product.attributes.sku,
        name: product.name ?? product.code,
        quantity: item.quantity,
        unitPrice: product.attributes.price,
        lineTotal: { amount: product.attributes.price.amount * item.quantity, currency },
      };
    });
    const subtotal = items.reduce((sum, line) => sum + line.lineTotal.amount, 0);
    const taxRateBps = tenant?.taxRateBps ?? DEFAULT_TAX_RATE_BPS;
    const tax = applyRateHalfUp(subtotal, taxRateBps);
    return { items, currency, subtotal: { amount: subtotal, currency }, taxRateBps, tax: { amount: tax, currency }, total: { amount: subtotal + tax, currency } };
  }

  /** A line or an order larger than the shop allows is refused before anything is read. */
  private checkCaps(tenant: TenantAttributes | undefined, requested: readonly OrderItemDto[]): void {
    assertOrderLimits(tenantLimits(tenant), requested.map((item, i) => ({ quantity: item.quantity, field: `items.${i}.quantity` })), { units: 'items', lines: 'items' });
  }
}
