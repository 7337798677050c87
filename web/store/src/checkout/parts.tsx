/** Small pieces the checkout and the order page share: a titled section, an address, money lines. */
import type { ReactNode } from 'react';
import type { Schemas } from '../../../shared/api/client';
import { formatMoney, type Money } from '../../../shared/format';
import { t } from '../strings';

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section aria-label={title} id={id} className="rounded-lg border border-gray-200 p-4 dark:border-gray-700">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export function Address({ address }: { address: Schemas['AddressDto'] }) {
  return (
    <address className="text-sm not-italic">
      {[address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, [address.region, address.country].filter(Boolean).join(' ')].filter(Boolean).map((line) => (
        <div key={line}>{line}</div>
      ))}
    </address>
  );
}

/** Label / amount rows; an absent or zero optional amount is left out. The last row is the total. */
export function Totals({ rows, total, locale }: { rows: [string, Money | undefined][]; total: [string, Money]; locale?: string }) {
  return (
    <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
      {rows
        .filter((row): row is [string, Money] => Boolean(row[1]?.amount))
        .map(([label, money]) => (
          <div key={label} className="contents">
            <dt>{label}</dt>
            <dd className="text-right tabular-nums">{formatMoney(money, locale)}</dd>
          </div>
        ))}
      <dt className="mt-2 border-t border-gray-200 pt-2 font-semibold dark:border-gray-700">{total[0]}</dt>
      <dd className="mt-2 border-t border-gray-200 pt-2 text-right font-semibold tabular-nums dark:border-gray-700" data-testid="total">
        {formatMoney(total[1], locale)}
      </dd>
    </dl>
  );
}

export function Notice({ tone = 'info', children, title }: { tone?: 'info' | 'error' | 'warning'; title?: string; children?: ReactNode }) {
  const tones = {
    info: 'border-blue-300 bg-blue-50 text-blue-950 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-50',
    warning: 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50',
    error: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50',
  };
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-lg border p-4 text-sm ${tones[tone]}`}>
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={title ? 'mt-1' : ''}>{children}</div>}
    </div>
  );
}

/** mm:ss until `until`, ticking each second; 0:00 once past. */
export function remaining(until: string, now: number): string {
  const seconds = Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The lines of a cart or an order: name, option values, quantity and the line's total. */
export function LineItems({ lines, locale, className }: { lines: { key: string; name: string; options?: Record<string, string>; quantity: number; total: unknown }[]; locale?: string; className?: string }) {
  return (
    <ul className={`flex flex-col gap-2 text-sm ${className ?? ''}`}>
      {lines.map((line) => (
        <li key={line.key} className="flex justify-between gap-2">
          <span>
            {line.name}
            {Object.values(line.options ?? {}).length > 0 && <span className="text-gray-700 dark:text-gray-300"> · {Object.values(line.options!).join(' / ')}</span>}
            <span className="block text-gray-700 dark:text-gray-300">{t('checkout.quantity', { quantity: line.quantity })}</span>
          </span>
          <span className="tabular-nums">{formatMoney(line.total as Money, locale)}</span>
        </li>
      ))}
    </ul>
  );
}
