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
