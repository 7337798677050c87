import { CartAttributes } from './cart.model';

/**
 * Merging a guest cart into a customer's own, pure: the attributes the customer's cart takes.
 * Lines of the same SKU add up (capped at the shop's units per line; the capped SKUs are
 * returned for the change to note), other lines are appended with the customer's next line
 * ids; the guest's coupons join when the customer's cart lacks them; the guest's email,
 * addresses and shipping method fill only what the customer's cart lacks.
 */
export function mergedCart(mine: CartAttributes, theirs: CartAttributes, maxLineQuantity: number): { changes: Partial<CartAttributes>; cappedSkus: string[] } {
  const lines = [...mine.lines];
  let nextLine = mine.nextLine;
  const cappedSkus: string[] = [];
  for (const line of theirs.lines) {
    const same = lines.findIndex((l) => l.sku === line.sku);
    if (same < 0) {
      lines.push({ ...line, lineId: `l${nextLine++}` });
      continue;
    }
    const sum = lines[same].quantity + line.quantity;
    if (sum > maxLineQuantity) cappedSkus.push(line.sku);
    lines[same] = { ...lines[same], quantity: Math.min(sum, maxLineQuantity) };
  }
  const changes: Partial<CartAttributes> = {
    lines,
    nextLine,
    couponCodes: [...mine.couponCodes, ...theirs.couponCodes.filter((c) => !mine.couponCodes.includes(c))],
    email: mine.email ?? theirs.email,
    shippingAddress: mine.shippingAddress ?? theirs.shippingAddress,
    billingAddress: mine.billingAddress ?? theirs.billingAddress,
    vatId: mine.vatId ?? theirs.vatId,
    shippingMethodCode: mine.shippingMethodCode ?? theirs.shippingMethodCode,
  };
  return { changes, cappedSkus };
}

/**
 * The merged cart's coupons to keep: the customer's own, and the guest's that pricing did not
 * refuse (a guest coupon that cannot be used here is dropped rather than failing the merge).
 */
export function keptCoupons(merged: readonly string[], own: readonly string[], refusals: readonly { code: string }[]): string[] {
  const refused = new Set(refusals.map((r) => r.code));
  return merged.filter((c) => own.includes(c) || !refused.has(c));
}
