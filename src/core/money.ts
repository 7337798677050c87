/** Money is an integer count of minor units (cents) and a currency; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export const MAX_MONEY_AMOUNT = 1_000_000_000_00;

/** ISO 4217 codes in circulation, as the runtime's ICU knows them (no `ZZZ`, no `XXX`). */
export const CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf('currency');
export const CURRENCY_MESSAGE = 'must be an ISO 4217 currency code such as USD';

/** `amount * rateBps / 10000`, rounded half up to the minor unit, in integers only. */
export function applyRateHalfUp(amount: number, rateBps: number): number {
  return Math.floor((amount * rateBps + 5000) / 10000);
}

/** Digits after the decimal point of a currency's minor unit (EUR 2, JPY 0, BHD 3). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Integer minor units as a decimal string in major units, exactly (1999 EUR → "19.99", 500 JPY → "500"), no float on the way. */
export function majorUnits(money: Money): string {
  const digits = minorDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const text = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
