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
 * The instant a calendar day (YYYY-MM-DD) starts in a time zone, as an ISO instant: "orders of
 * 6 Dec" filtered by the shop's 6 Dec, not UTC's. The zone's offset is asked twice, at the naive
 * guess and again at the first answer, as a daylight-saving change that day moves it.
 */
export function dayStart(day: string, timeZone = 'UTC'): string {
  const [year, month, date] = day.split('-').map(Number);
  const wall = Date.UTC(year!, month! - 1, date!);
  const first = wall - zoneOffset(wall, timeZone);
  const start = wall - zoneOffset(first, timeZone);
  // Midnight skipped by a daylight-saving jump: the day starts at the jump, the first instant on it.
  return new Date(start < first && dayIn(start, timeZone) !== day ? first : start).toISOString();
}

/** The calendar day after `day` (YYYY-MM-DD), for a range that takes in its last day whole. */
export const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const zoneParts = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneParts.get(timeZone);
  if (!format) zoneParts.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  return format;
}
const wallClock = (instant: number, timeZone: string) => Object.fromEntries(zoneFormat(timeZone).formatToParts(instant).map((part) => [part.type, Number(part.value)]));
const dayIn = (instant: number, timeZone: string) => new Date(zoneOffset(instant, timeZone) + instant).toISOString().slice(0, 10);

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  const p = wallClock(instant, timeZone);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - (instant - (((instant % 1000) + 1000) % 1000));
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
