import { Money } from '../../core/money';
import { CartAttributes, CartLineTotals } from './cart.model';
import { PricedDraft } from '../order';
import { CartVersion } from './cart.service';

/**
 * What the API returns for a cart: the stored version, priced now when it is open (a closed
 * cart shows the totals it closed with). `priceChanges` lists lines whose price today is not
 * the one stored at this version: `complete` would refuse them until the cart is repriced.
 */
export function cartView(cart: CartVersion, priced?: PricedDraft, cartToken?: string) {
  const a = cart.attributes;
  const totals = priced?.totals ?? a.totals;
  const figures = new Map<string, CartLineTotals>(totals.lines.map((l) => [l.lineId, l]));
  const lines = priced ? a.lines.map((stored) => priced.lines.find((l) => l.lineId === stored.lineId) ?? stored) : a.lines;
  const unavailable = new Set(priced?.unavailableSkus ?? []);
  const zero: Money = { amount: 0, currency: a.currency };
  const problems = [
    ...[...unavailable].map((sku) => ({ field: 'lines', problem: `${sku} is no longer for sale` })),
    ...(priced?.couponRefusals ?? []).map((r) => ({ field: 'coupons', problem: `${r.code}: ${r.reason}: ${r.message}` })),
    ...(priced?.shippingProblem && a.shippingMethodCode ? [{ field: 'shippingMethod', problem: priced.shippingProblem }] : []),
  ];
  const reviewed = new Map(a.lines.map((l) => [l.lineId, l.unitPrice]));
  const priceChanges = priced
    ? priced.lines.filter((l) => reviewed.get(l.lineId)?.amount !== l.unitPrice.amount).map((l) => ({ lineId: l.lineId, sku: l.sku, reviewed: reviewed.get(l.lineId)!, current: l.unitPrice }))
    : [];
  return {
    id: cart.code,
    version: cart.version,
    status: a.status,
    owner: a.owner.kind,
    currency: a.currency,
    lines: lines.map((l) => {
      const f = figures.get(l.lineId);
      return {
        lineId: l.lineId,
        sku: l.sku,
        productCode: l.productCode,
        name: l.name,
        options: l.options,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        available: !unavailable.has(l.sku),
        subtotal: f?.subtotal ?? zero,
        discount: f?.discount ?? zero,
        tax: f?.tax ?? zero,
        taxRateBps: f?.taxRateBps ?? 0,
        taxRule: f?.taxRule ?? 'no_rate',
        total: f?.total ?? zero,
      };
    }),
    ...(a.email ? { email: a.email } : {}),
    ...(a.shippingAddress ? { shippingAddress: a.shippingAddress } : {}),
    ...(a.billingAddress ? { billingAddress: a.billingAddress } : {}),
    ...(a.vatId ? { vatId: a.vatId } : {}),
    ...(a.shippingMethodCode ? { shippingMethodCode: a.shippingMethodCode } : {}),
    ...(priced?.shippingOption ? { shippingMethod: { code: priced.shippingOption.methodCode, name: priced.shippingOption.methodName, amount: { amount: priced.shippingOption.amount, currency: a.currency } } } : {}),
    couponCodes: a.couponCodes,
    coupons: totals.coupons,
    subtotal: totals.subtotal,
    discount: totals.discount,
    shipping: totals.shipping,
    tax: totals.tax,
    total: totals.total,
    taxIncluded: totals.taxIncluded,
    reverseCharge: totals.reverseCharge,
    rules: totals.rules,
    problems,
    priceChanges,
    ...(a.orderCode ? { orderCode: a.orderCode } : {}),
    ...(a.mergedInto ? { mergedInto: a.mergedInto } : {}),
    lastActivityAt: a.lastActivityAt,
    updatedAt: cart.issuedAt,
    ...(cartToken ? { cartToken } : {}),
  };
}

/** One version of the cart's history: what changed, the lines and the totals it had then. */
export function cartVersionView(cart: CartVersion) {
  const a: CartAttributes = cart.attributes;
  return {
    version: cart.version,
    status: a.status,
    change: a.change,
    lines: a.lines,
    couponCodes: a.couponCodes,
    ...(a.shippingMethodCode ? { shippingMethodCode: a.shippingMethodCode } : {}),
    totals: a.totals,
    ...(a.orderCode ? { orderCode: a.orderCode } : {}),
  };
}
