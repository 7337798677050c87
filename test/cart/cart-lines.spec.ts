import { ValidationFailedError } from '../../src/core/errors';
import { assertLineAddable, withLineAdded, withLineChanged, withLineRemoved } from '../../src/modules/cart/cart-lines';
import { keptCoupons, mergedCart } from '../../src/modules/cart/cart-merge';
import { CartAttributes, CartLine } from '../../src/modules/cart/cart.model';

/** The cart's pure parts, without DynamoDB: line editing within the shop's order limits, and a guest cart's merge. */
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const zero = eur(0);
const limits = { maxLineQuantity: 10, maxOrderUnits: 15 };

function line(n: number, sku: string, quantity: number): CartLine {
  return { lineId: `l${n}`, sku, productCode: `P-${sku}`, name: sku, options: {}, quantity, unitPrice: eur(100) };
}
function cart(lines: CartLine[], extra: Partial<CartAttributes> = {}): CartAttributes {
  return {
    status: 'active',
    owner: { kind: 'customer', customerId: 'c1' },
    currency: 'EUR',
    lines,
    nextLine: lines.length + 1,
    couponCodes: [],
    totals: { lines: [], subtotal: zero, discount: zero, shipping: zero, tax: zero, total: zero, taxIncluded: false, reverseCharge: false, coupons: [], rules: { tax: [] } },
    change: { action: 'created', by: 'c1', at: '2026-12-06T00:00:00.000Z' },
    lastActivityAt: '2026-12-06T00:00:00.000Z',
    ...extra,
  };
}
function refusedFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as ValidationFailedError).problems.map((p) => p.field);
  }
  throw new Error('not refused');
}

describe('cart line editing', () => {
  it('adds units onto the line of the same SKU, else a new line with the next line id', () => {
    const c = cart([line(1, 'A', 2)]);
    expect(withLineAdded(c, { sku: 'A', quantity: 3 }, limits)).toEqual({ lines: [line(1, 'A', 5)] });
    expect(withLineAdded(c, { sku: 'B', quantity: 1 }, limits)).toEqual({
      lines: [line(1, 'A', 2), { lineId: 'l2', sku: 'B', productCode: '', name: 'B', options: {}, quantity: 1, unitPrice: zero }],
      nextLine: 3,
    });
  });

  it('refuses a change past the order limits, naming the changed line as quantity and others by line', () => {
    expect(refusedFields(() => withLineAdded(cart([line(1, 'A', 8)]), { sku: 'A', quantity: 3 }, limits))).toEqual(['quantity']);
    expect(refusedFields(() => withLineChanged(cart([line(1, 'A', 8), line(2, 'B', 1)]), 'l2', 11, limits))).toContain('quantity');
    expect(withLineChanged(cart([line(1, 'A', 8), line(2, 'B', 1)]), 'l2', 4, limits)).toEqual({ lines: [line(1, 'A', 8), line(2, 'B', 4)] });
  });

  it('removes a line and keeps the others', () => {
    expect(withLineRemoved(cart([line(1, 'A', 1), line(2, 'B', 1)]), 'l1')).toEqual({ lines: [line(2, 'B', 1)] });
  });

  it('refuses an added SKU that is not for sale, or a line too many, naming sku', () => {
    const settings = { maxCartLines: 1 } as Parameters<typeof assertLineAddable>[1]['settings'];
    expect(refusedFields(() => assertLineAddable('B', { unavailableSkus: ['B'], settings }, { lines: [line(1, 'B', 1)] }))).toEqual(['sku']);
    expect(refusedFields(() => assertLineAddable('B', { unavailableSkus: [], settings }, { lines: [line(1, 'A', 1), line(2, 'B', 1)] }))).toEqual(['sku']);
    expect(() => assertLineAddable('A', { unavailableSkus: [], settings }, { lines: [line(1, 'A', 1)] })).not.toThrow();
  });
});

describe('guest cart merge', () => {
  const address = { name: 'N', line1: 'L', city: 'C', postalCode: '1', country: 'DE' };

  it('adds up lines of the same SKU (capped), appends the others, fills only what the customer lacks', () => {
    const mine = cart([line(1, 'A', 7), line(2, 'B', 1)], { couponCodes: ['MINE'], email: 'me@example.com' });
    const theirs = cart([line(1, 'A', 5), line(2, 'C', 2)], { owner: { kind: 'guest', tokenDigest: 'd' }, couponCodes: ['MINE', 'THEIRS'], email: 'guest@example.com', shippingAddress: address, shippingMethodCode: 'std' });
    const { changes, cappedSkus } = mergedCart(mine, theirs, 10);
    expect(cappedSkus).toEqual(['A']);
    expect(changes).toEqual({
      lines: [line(1, 'A', 10), line(2, 'B', 1), line(3, 'C', 2)],
      nextLine: 4,
      couponCodes: ['MINE', 'THEIRS'],
      email: 'me@example.com',
      shippingAddress: address,
      billingAddress: undefined,
      vatId: undefined,
      shippingMethodCode: 'std',
    });
  });

  it('keeps the customer own coupons and drops only the guest ones pricing refused', () => {
    expect(keptCoupons(['MINE', 'THEIRS', 'OK'], ['MINE'], [{ code: 'MINE' }, { code: 'THEIRS' }])).toEqual(['MINE', 'OK']);
  });
});
