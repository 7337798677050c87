import { ConflictError, FieldProblem, ValidationFailedError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { SaleableVariant } from '../catalog';
import { normalizeCouponCode, redeemerOf } from '../promotion';
import { CreateOrderDto } from './dto/order.dto';
import { OrderDraft } from './order.placement';
import { PricedDraft } from './order.pricer';

/**
 * `POST /orders` as an order draft, the shape cart completion makes too: each item's variant is
 * the one its `sku` names, or a one-variant product's only one (400 naming the item otherwise),
 * read with its product in this request and handed to the pricer so it is not read again. Line
 * `i` is `l<i+1>`; refusals name the request's `items.<i>` fields.
 */
export function orderRequestDraft(
  ctx: TenantContext,
  dto: CreateOrderDto,
  currency: string,
  products: ReadonlyMap<string, SaleableVariant[]>,
): { draft: OrderDraft; variants: Map<string, SaleableVariant> } {
  const problems: FieldProblem[] = [];
  const variants = new Map<string, SaleableVariant>();
  const chosen = dto.items.map((item, i) => {
    const of = products.get(item.productCode);
    if (!of) {
      problems.push({ field: `items.${i}.productCode`, problem: `no product ${item.productCode} is for sale` });
      return undefined;
    }
    const variant = item.sku ? of.find((v) => v.sku === item.sku) : of.length === 1 ? of[0] : undefined;
    if (!item.sku && of.length > 1) problems.push({ field: `items.${i}.sku`, problem: `product ${item.productCode} has ${of.length} variants: name one (${of.map((v) => v.sku).join(', ')})` });
    else if (!variant) problems.push({ field: `items.${i}.sku`, problem: `is not a variant of product ${item.productCode}` });
    if (item.expectedUnitPrice && item.expectedUnitPrice.currency !== currency) problems.push({ field: `items.${i}.expectedUnitPrice.currency`, problem: `must be the shop currency ${currency}` });
    if (variant) variants.set(variant.sku, variant);
    return variant;
  });
  if (problems.length) throw new ValidationFailedError(problems);
  const lineIndex = (sku: string) => chosen.findIndex((v) => v!.sku === sku);
  const draft: OrderDraft = {
    currency,
    lines: dto.items.map((item, i) => {
      const variant = chosen[i]!;
      return { lineId: `l${i + 1}`, sku: variant.sku, productCode: variant.productCode, name: variant.productName, options: variant.options, quantity: item.quantity, unitPrice: variant.price };
    }),
    shippingAddress: { ...dto.shippingAddress },
    ...(dto.shippingMethodCode ? { shippingMethodCode: dto.shippingMethodCode } : { cheapestShipping: true }),
    couponCodes: [...new Set((dto.couponCodes ?? []).map(normalizeCouponCode))],
    // Mail goes only to the address the identity provider verified, never one the caller typed.
    buyer: { customerId: ctx.userId, guest: false, ...(ctx.email ? { email: ctx.email } : {}), redeemer: redeemerOf({ customerId: ctx.userId, email: ctx.email }) },
    paymentMethod: dto.paymentMethod,
    payment: 'outside',
    fields: {
      quantity: (lineId) => `items.${Number(lineId.slice(1)) - 1}.quantity`,
      units: 'items',
      lines: 'items',
      unavailable: (sku) => `items.${lineIndex(sku)}.productCode`,
    },
  };
  return { draft, variants };
}

/**
 * The unit prices the customer saw (`expectedUnitPrice`), against the prices now: 409
 * `prices_changed` naming each item whose price moved, as a checkout refuses a cart whose prices
 * changed since the shopper reviewed it.
 */
export function assertExpectedPrices(dto: CreateOrderDto, priced: PricedDraft): void {
  const changed = dto.items
    .map((item, i) => ({ item, current: priced.lines.find((l) => l.lineId === `l${i + 1}`)!.unitPrice }))
    .filter(({ item, current }) => item.expectedUnitPrice && item.expectedUnitPrice.amount !== current.amount);
  if (changed.length) {
    throw new ConflictError('the price of some items changed', {
      reason: 'prices_changed',
      prices: changed.map(({ item, current }) => ({ productCode: item.productCode, expected: item.expectedUnitPrice, current })),
    });
  }
}
