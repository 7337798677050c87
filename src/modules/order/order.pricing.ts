import { Injectable } from '@nestjs/common';
import { DataService } from '../../core/data.service';
import { ConflictError, FieldProblem, ValidationFailedError } from '../../core/errors';
import { applyRateHalfUp, Money } from '../../core/money';
import { TenantContext } from '../../core/tenant-context';
import { PRODUCT_ENTITY } from '../catalog/product.keys';
import { ProductAttributes } from '../catalog/product.model';
import { TenantDirectory } from '../tenant/tenant.directory';
import { DEFAULT_TAX_RATE_BPS } from '../tenant/tenant.model';
import { OrderItemDto } from './dto/order.dto';
import { OrderLine } from './order.model';

export interface PricedOrder {
  items: OrderLine[];
  currency: string;
  subtotal: Money;
  taxRateBps: number;
  tax: Money;
  total: Money;
}

/** Prices every line from the catalog, never from the client, and adds the tenant's tax. */
@Injectable()
export class OrderPricing {
  constructor(
    private readonly data: DataService,
    private readonly tenants: TenantDirectory,
  ) {}

  async price(ctx: TenantContext, requested: readonly OrderItemDto[]): Promise<PricedOrder> {
    const products = await Promise.all(requested.map((item) => this.data.get<ProductAttributes>(ctx, PRODUCT_ENTITY, item.productCode, true)));
    const problems: FieldProblem[] = [];
    products.forEach((product, i) => {
      if (!product || !product.attributes.active) problems.push({ field: `items.${i}.productCode`, problem: `no product ${requested[i].productCode} is for sale` });
    });
    if (problems.length) throw new ValidationFailedError(problems);

    const currencies = new Set(products.map((p) => p!.attributes.price.currency));
    if (currencies.size > 1) throw new ValidationFailedError([{ field: 'items', problem: `mixes currencies ${[...currencies].join(', ')}` }]);
    const currency = [...currencies][0];

    const changed = requested
      .map((item, i) => ({ item, price: products[i]!.attributes.price }))
      .filter(({ item, price }) => item.expectedUnitPrice && (item.expectedUnitPrice.amount !== price.amount || item.expectedUnitPrice.currency !== price.currency));
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
    const taxRateBps = (await this.tenants.find(ctx.tenantCode))?.attributes.taxRateBps ?? DEFAULT_TAX_RATE_BPS;
    const tax = applyRateHalfUp(subtotal, taxRateBps);
    return { items, currency, subtotal: { amount: subtotal, currency }, taxRateBps, tax: { amount: tax, currency }, total: { amount: subtotal + tax, currency } };
  }
}
