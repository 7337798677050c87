import { ValidationFailedError } from '../../core/errors';
import { assertOrderLimits, PricedDraft } from '../order';
import { TenantLimits } from '../tenant';
import { CartAttributes, CartLine } from './cart.model';

/**
 * Line editing, pure: what adding, changing or removing a line makes of the cart's lines, within
 * the shop's order limits (`order/order-limits.ts`, the check every order path uses), so a cart
 * never holds what could not be ordered. Reading, pricing and publishing stay in `CartService.edit`.
 */
type OrderLimits = Pick<TenantLimits, 'maxLineQuantity' | 'maxOrderUnits'>;

/**
 * Adds units of a SKU: onto its line when the cart has one, else as a new line (`l<nextLine>`)
 * whose name, options and price come from the catalog when the new version is priced (one read of the variants).
 */
export function withLineAdded(cart: Pick<CartAttributes, 'lines' | 'nextLine' | 'currency'>, line: { sku: string; quantity: number }, limits: OrderLimits): Partial<CartAttributes> {
  const existing = cart.lines.find((l) => l.sku === line.sku);
  const quantity = (existing?.quantity ?? 0) + line.quantity;
  if (existing) {
    const lines = cart.lines.map((l) => (l === existing ? { ...l, quantity } : l));
    assertOrderable(limits, lines, existing.lineId);
    return { lines };
  }
  const added: CartLine = { lineId: `l${cart.nextLine}`, sku: line.sku, productCode: '', name: line.sku, options: {}, quantity, unitPrice: { amount: 0, currency: cart.currency } };
  assertOrderable(limits, [...cart.lines, added], added.lineId);
  return { lines: [...cart.lines, added], nextLine: cart.nextLine + 1 };
}

/** After pricing an added line: 400 naming `sku` when no variant of it is for sale or the cart has too many lines (`maxCartLines`). */
export function assertLineAddable(sku: string, priced: Pick<PricedDraft, 'unavailableSkus' | 'settings'>, next: Pick<CartAttributes, 'lines'>): void {
  if (priced.unavailableSkus.includes(sku)) throw new ValidationFailedError([{ field: 'sku', problem: `no variant ${sku} is for sale` }]);
  if (next.lines.length > priced.settings.maxCartLines) {
    throw new ValidationFailedError([{ field: 'sku', problem: `a cart holds at most ${priced.settings.maxCartLines} lines (maxCartLines)` }]);
  }
}

/** Sets a line's quantity. */
export function withLineChanged(cart: Pick<CartAttributes, 'lines'>, lineId: string, quantity: number, limits: OrderLimits): Partial<CartAttributes> {
  const lines = cart.lines.map((l) => (l.lineId === lineId ? { ...l, quantity } : l));
  assertOrderable(limits, lines, lineId);
  return { lines };
}

export function withLineRemoved(cart: Pick<CartAttributes, 'lines'>, lineId: string): Partial<CartAttributes> {
  return { lines: cart.lines.filter((l) => l.lineId !== lineId) };
}

/** The shop's order limits on the lines as a change leaves them: the changed line is the request's `quantity`, a line too many its `sku`. */
function assertOrderable(limits: OrderLimits, lines: readonly CartLine[], changedLineId: string): void {
  assertOrderLimits(limits, lines.map((l) => ({ quantity: l.quantity, field: l.lineId === changedLineId ? 'quantity' : `lines.${l.lineId}.quantity` })), { units: 'quantity', lines: 'sku' });
}
