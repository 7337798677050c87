/**
 * Home: the shop's figures at a glance, from the reports (GET /reports/*). The reports count the
 * shop's days (its `timeZone` setting; UTC days without one), so "today" and "this month" are
 * the shop's here too, and the page says which. The chart is plain SVG (no chart library in the bundle), with its figures
 * also as a summary sentence and a table for screen readers and keyboard users.
 */
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { DataTable } from '../../../shared/ui/data-table';
import { SETTINGS_QUERY } from '../app';
import { QueryState } from '../query-state';
import type { OrderStatus } from '../router';
import { StatusBadge } from '../status-badge';
import { t } from '../strings';

const routeApi = getRouteApi('/app/');
type SalesDay = Schemas['SalesDay'];

const DAY_MS = 86_400_000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The day (YYYY-MM-DD) a moment falls on in the zone, as the reports count it (UTC without one). */
const dayIn = (date: Date, timeZone = 'UTC') => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** The 30 days of the shop (its zone, UTC without one) ending today, oldest first. */
export function lastDays(today: Date, count = 30, timeZone?: string): string[] {
  const last = Date.parse(dayIn(today, timeZone));
  return Array.from({ length: count }, (_, i) => utcDay(new Date(last - (count - 1 - i) * DAY_MS)));
}

/** Net sales and orders per currency (a shop sells in one; a currency change shows both). */
function totals(rows: readonly SalesDay[]): { currency: string; net: number; orders: number }[] {
  const byCurrency = new Map<string, { currency: string; net: number; orders: number }>();
  for (const row of rows) {
    const sum = byCurrency.get(row.currency) ?? { currency: row.currency, net: 0, orders: 0 };
    sum.net += row.net;
    sum.orders += row.orders;
    byCurrency.set(row.currency, sum);
  }
  return [...byCurrency.values()];
}

function Panel<T>({ title, query, children }: { title: string; query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-gray-200 p-4 dark:border-gray-700">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      <QueryState query={query} rows={2}>
        {children}
      </QueryState>
    </section>
  );
}

/** A short list of report rows, or the sentence saying there are none. */
function Rows<R>({ rows, empty, line }: { rows: readonly R[]; empty: string; line: (row: R) => { key: string; text: string } }) {
  if (!rows.length) return <p className="text-sm">{empty}</p>;
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {rows.map((row) => {
        const { key, text } = line(row);
        return <li key={key}>{text}</li>;
      })}
    </ul>
  );
}

function SalesFigure({ rows }: { rows: readonly SalesDay[] }) {
  const sums = totals(rows);
  if (!sums.length) return <p className="text-2xl font-semibold">{t('home.noSales')}</p>;
  return (
    <>
      {sums.map((sum) => (
        <p key={sum.currency}>
          <span className="block text-2xl font-semibold">{formatMoney({ amount: sum.net, currency: sum.currency })}</span>
          <span className="text-sm text-gray-700 dark:text-gray-300">{t('home.orderCount', { count: sum.orders })}</span>
        </p>
      ))}
    </>
  );
}

/** Net sales per day as bars; the first currency's figures (a shop sells in one). */
function SalesChart({ rows, days }: { rows: readonly SalesDay[]; days: string[] }) {
  const currency = rows[0]?.currency;
  const net = new Map(rows.filter((r) => r.currency === currency).map((r) => [r.day, r]));
  const values = days.map((d) => net.get(d)?.net ?? 0);
  const max = Math.max(0, ...values);
  const money = (amount: number) => (currency ? formatMoney({ amount, currency }) : String(amount));
  const width = 600;
  const height = 160;
  const bar = width / days.length;
  const summary = t('home.chartSummary', { from: days[0], to: days[days.length - 1], total: money(values.reduce((a, b) => a + b, 0)), max: money(max), maxDay: days[values.indexOf(max)] });
  return (
    <>
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={summary} className="h-auto w-full text-blue-700 dark:text-blue-300">
        <line x1={0} x2={width} y1={height} y2={height} className="stroke-gray-400" strokeWidth={1} />
        {values.map((value, i) => {
          const h = max ? (value / max) * (height - 10) : 0;
          return (
            <rect key={days[i]} x={i * bar + 2} y={height - h} width={bar - 4} height={h} fill="currentColor" rx={2}>
              <title>{`${days[i]}: ${money(value)}`}</title>
            </rect>
          );
        })}
        <text x={0} y={height + 16} fontSize={12} className="fill-gray-700 dark:fill-gray-300">
          {days[0]}
        </text>
        <text x={width} y={height + 16} fontSize={12} textAnchor="end" className="fill-gray-700 dark:fill-gray-300">
          {days[days.length - 1]}
        </text>
      </svg>
      <p className="mt-2 text-sm text-gray-700 dark:text-gray-300">{summary}</p>
      <details className="mt-2">
        <summary className="cursor-pointer text-sm font-medium">{t('home.showTable')}</summary>
        <div className="mt-2">
          <DataTable
            label={t('home.chartTable')}
            rows={days.map((d, i) => ({ day: d, value: values[i]! }))}
            rowKey={({ day }) => day}
            columns={[
              { header: t('home.day'), cell: ({ day }) => day },
              { header: t('home.orders'), numeric: true, cell: ({ day }) => net.get(day)?.orders ?? 0 },
              { header: t('home.net'), numeric: true, cell: ({ value }) => money(value) },
            ]}
          />
        </div>
      </details>
    </>
  );
}

function Home() {
  const { api, config } = routeApi.useRouteContext();
  // The shop's own zone (not the deployment's fallback): the one the API counts report days in.
  const settings = useQuery({ queryKey: SETTINGS_QUERY, staleTime: Infinity, queryFn: async () => unwrap(await api.GET('/settings')) });
  const shopZone = settings.data?.timeZone;
  const days = lastDays(new Date(), 30, shopZone);
  const from = days[0];
  const today = days[days.length - 1];
  const monthStart = `${today.slice(0, 8)}01`;
  const sales = useQuery({ queryKey: ['reports', 'sales', from, today], queryFn: async () => unwrap(await api.GET('/reports/sales', { params: { query: { from, to: today } } })) });
  const month = useQuery({ queryKey: ['reports', 'sales', monthStart, today], queryFn: async () => unwrap(await api.GET('/reports/sales', { params: { query: { from: monthStart, to: today } } })) });
  const byStatus = useQuery({ queryKey: ['reports', 'orders-by-status', from, today], queryFn: async () => unwrap(await api.GET('/reports/orders-by-status', { params: { query: { from, to: today } } })) });
  const lowStock = useQuery({ queryKey: ['reports', 'low-stock'], queryFn: async () => unwrap(await api.GET('/reports/low-stock', { params: { query: { limit: 10 } } })) });
  const abandoned = useQuery({ queryKey: ['reports', 'abandoned-carts'], queryFn: async () => unwrap(await api.GET('/reports/abandoned-carts', { params: { query: { limit: 10 } } })) });
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">{t('home.title')}</h1>
      <p className="mb-4 text-sm text-gray-700 dark:text-gray-300">{shopZone ? t('home.shopDays', { zone: shopZone }) : t('home.utc')}</p>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Panel title={t('home.today')} query={sales}>
          {({ items }) => <SalesFigure rows={items.filter((r) => r.day === today)} />}
        </Panel>
        <Panel title={t('home.month')} query={month}>
          {({ items }) => <SalesFigure rows={items} />}
        </Panel>
        <div className="md:col-span-2">
          <Panel title={t('home.byStatus')} query={byStatus}>
            {({ items }) => (
              <ul className="flex flex-wrap gap-2">
                {items.map((row) => (
                  <li key={row.status}>
                    <Link
                      to="/orders"
                      search={{ status: row.status as OrderStatus, from, to: today }}
                      className="inline-flex items-center gap-2 rounded-md border border-gray-300 px-3 py-2 text-sm hover:bg-gray-100 dark:border-gray-600 dark:hover:bg-gray-800"
                      aria-label={t('home.statusLink', { status: row.status.replace(/_/g, ' '), count: row.orders })}
                    >
                      <StatusBadge status={row.status as OrderStatus} />
                      <span className="font-semibold">{row.orders}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
        <div className="md:col-span-2 xl:col-span-4">
          <Panel title={t('home.chart')} query={sales}>
            {({ items }) => <SalesChart rows={items} days={days} />}
          </Panel>
        </div>
        <div className="md:col-span-2">
          <Panel title={t('home.lowStock')} query={lowStock}>
            {({ items }) => <Rows rows={items} empty={t('home.noLowStock')} line={(row) => ({ key: `${row.sku}|${row.warehouse}`, text: t('home.stockLine', { sku: row.sku, warehouse: row.warehouse, available: row.available, threshold: row.threshold }) })} />}
          </Panel>
        </div>
        <div className="md:col-span-2">
          <Panel title={t('home.abandoned')} query={abandoned}>
            {({ items }) => (
              <Rows
                rows={items}
                empty={t('home.noAbandoned')}
                line={(cart) => ({ key: cart.cartId, text: t('home.cartLine', { lines: cart.lines, total: formatMoney({ amount: cart.total, currency: cart.currency }), at: formatDateTime(cart.lastActivityAt, config.timeZone) }) })}
              />
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}

export const route = createLazyRoute('/app/')({ component: Home });
