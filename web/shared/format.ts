/**
 * Money and dates as the shop shows them. Money travels in integer minor units with its ISO 4217
 * currency (the shop's): Intl knows each currency's minor digits (JPY 0, USD 2, KWD 3). Dates are
 * shown in the shop's time zone, not the browser's, so staff in two places see the same day.
 */
export interface Money {
  amount: number;
  currency: string;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { style: 'currency', currency })));
  return format;
}

export function formatMoney(money: Money, locale = 'en'): string {
  const format = currencyFormat(locale, money.currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

export function formatDateTime(iso: string, timeZone: string | undefined, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
