/**
 * The orders list's place in the URL: every filter the API serves (status, payment state, placed
 * between two days, a code or email prefix), the sort and the cursor trail. Validated here, so a
 * hand-edited URL drops what the API would refuse instead of showing an error page.
 */
import { unwrap, type ApiClient } from '../../shared/api/client';
import type { paths } from '../../shared/api/schema';
import { dayAfter, dayStart } from '../../shared/format';
import { oneOf, pageSearch, type PageSearch } from './paging';
import type { OrderStatus } from './router';

type OrdersQuery = NonNullable<paths['/orders']['get']['parameters']['query']>;
export type PaymentState = NonNullable<OrdersQuery['paymentState']>[number];
export type OrderSort = NonNullable<OrdersQuery['sort']>;

export const PAYMENT_STATES = ['none', 'created', 'failed', 'authorized', 'voided', 'partially_captured', 'captured', 'partially_refunded', 'refunded'] as const satisfies readonly PaymentState[];
export const ORDER_SORTS = ['createdAt', '-createdAt', 'total', '-total', 'status', '-status'] as const satisfies readonly OrderSort[];

export interface OrdersSearch extends PageSearch {
  status?: OrderStatus;
  payment?: PaymentState;
  /** Placed on or after this day (YYYY-MM-DD, a day of the shop's time zone: see ordersQuery). */
  from?: string;
  /** Placed on or before this day. */
  to?: string;
  /** A prefix of the order code or of the customer's email. */
  q?: string;
  sort?: OrderSort;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (2026-02-30 is not), as the API takes it. */
export const day = (value: unknown): string | undefined =>
  typeof value === 'string' && DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) ? value : undefined;

const searchText = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 100) : undefined);

export function ordersSearch(search: Record<string, unknown>, statuses: readonly OrderStatus[]): OrdersSearch {
  const from = day(search.from);
  const to = day(search.to);
  const parsed: OrdersSearch = {
    status: oneOf(search.status, statuses),
    payment: oneOf(search.payment, PAYMENT_STATES),
    from,
    // The API refuses a range that ends before it starts: keep the start.
    to: to && from && to < from ? undefined : to,
    q: searchText(search.q),
    sort: oneOf(search.sort, ORDER_SORTS),
    ...pageSearch(search),
  };
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) as OrdersSearch;
}

/**
 * The API query for a list search (the cursor included). The API counts a bare date as a UTC day,
 * so the days are sent as instants of `timeZone` (the zone the list shows its dates in: the shop's),
 * as Home and the reports count them: the end is the next day's start, which the API excludes.
 */
export const ordersQuery = (search: OrdersSearch, timeZone: string | undefined): OrdersQuery => ({
  status: search.status && [search.status],
  paymentState: search.payment && [search.payment],
  createdFrom: search.from && dayStart(search.from, zoneOf(timeZone)),
  createdTo: search.to && dayStart(dayAfter(search.to), zoneOf(timeZone)),
  q: search.q,
  sort: search.sort,
  cursor: search.cursor,
});

/**
 * The list's query, for the screen and for its route's loader: the loader asks for the page while
 * the screen's code still loads, instead of the screen asking once it has loaded and rendered.
 */
export const ordersListQuery = (api: ApiClient, search: OrdersSearch, timeZone: string | undefined) => ({
  queryKey: ['orders', ordersQuery(search, timeZone)],
  queryFn: async () => unwrap(await api.GET('/orders', { params: { query: ordersQuery(search, timeZone) } })),
});

/** No zone configured: dates are shown in the browser's, so its days are the ones filtered. */
const zoneOf = (timeZone: string | undefined) => timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Clicking a column: ascending first, then descending; another column starts ascending. */
export function toggleSort(current: OrderSort | undefined, column: 'createdAt' | 'total' | 'status'): OrderSort {
  return current === column ? (`-${column}` as OrderSort) : column;
}
