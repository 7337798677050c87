/**
 * Money typed by a person ("12.50") to the API's integer minor units and back, by the currency's
 * own minor digits (Intl: JPY 0, USD 2, KWD 3). Parsed as text, never through a float product, so
 * 0.29 is 29 and not 28.999….
 */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "12.5" in USD → 1250; undefined for an empty or malformed amount or too many decimals. */
export function toMinorUnits(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (!match || (match[2]?.length ?? 0) > digits) return undefined;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
}

/** 1250 in USD → "12.50" (for an input's value, without the currency sign). */
export function fromMinorUnits(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return digits ? `${Math.trunc(amount / 10 ** digits)}.${String(amount % 10 ** digits).padStart(digits, '0')}` : String(amount);
}
