/**
 * Integer arithmetic for money. Every rounding in pricing is half up to the minor unit, done
 * once per line (never on a sum of rounded parts), so a line's figures can be checked by hand.
 */

/** `numerator / denominator` rounded half up; both non-negative integers. */
export function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** Tax contained in a tax-inclusive amount: `gross * bps / (10000 + bps)`, half up. */
export function includedTax(gross: number, rateBps: number): number {
  return rateBps === 0 ? 0 : divideHalfUp(gross * rateBps, 10_000 + rateBps);
}

/** Tax to add to a net amount: `net * bps / 10000`, half up. */
export function addedTax(net: number, rateBps: number): number {
  return divideHalfUp(net * rateBps, 10_000);
}

/**
 * Splits `total` over parts in proportion to `weights` (largest remainder): the parts sum to
 * `total` exactly, each is floor(share) or one more, ties go to the earlier part. All zero
 * weights: nothing is spread.
 */
export function spreadProRata(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}
