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

/** How many minor digits the currency has (JPY 0, USD 2, KWD 3). */
export const minorDigits = (currency: string): number => currencyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;

export function formatMoney(money: Money, locale = 'en'): string {
  return currencyFormat(locale, money.currency).format(money.amount / 10 ** minorDigits(money.currency));
}

export function formatDateTime(iso: string, timeZone: string | undefined, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/**
 * An amount typed in major units ("12.5", "1,299.99") as integer minor units, exactly: the text is
 * split at its decimal point, never multiplied as a float (0.29 * 100 is 28.999...). Undefined when
 * it is not an amount of that currency (a letter, a sign, more decimals than the currency has).
 */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/,/g, ''));
  if (!match || (match[2] ?? '').length > digits) return undefined;
  const minor = Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Integer minor units as the text a money input shows ("12.50" for 1250 USD), without grouping or symbol. */
export function moneyText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
