import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../../core/errors';
import { readCursor, writeCursor } from '../../core/pagination';
import { SqlParams } from '../../read-model/sql-params';
import { TenantScope } from '../../read-model/read-model';
import { OrderStatus } from './order.model';

/**
 * The staff's order list with filters and sorts, served by the read model (`purchase`, and
 * `payment_refund` for the payment state): the data table has no index for a date range, a
 * payment state (another entity) or an email prefix. It lags the orders by the feed's delay;
 * the page's orders themselves are then read from the data table by code.
 */
export const ORDER_LIST_SORTS = ['createdAt', '-createdAt', 'total', '-total', 'status', '-status'] as const;
export type OrderListSort = (typeof ORDER_LIST_SORTS)[number];

/**
 * An order's payment state: its newest payment's state, `none` without a payment. A copy of
 * payment's PAYMENT_STATES, because payment depends on order (never the other way round);
 * test/api/lists.spec.ts keeps the two equal.
 */
export const ORDER_PAYMENT_STATES = ['none', 'created', 'failed', 'authorized', 'voided', 'partially_captured', 'captured', 'partially_refunded', 'refunded'] as const;
export type OrderPaymentState = (typeof ORDER_PAYMENT_STATES)[number];

export interface OrderListRequest {
  statuses?: readonly OrderStatus[];
  paymentStates?: readonly OrderPaymentState[];
  /** Inclusive instant. */
  createdFrom?: string;
  /** Exclusive instant (a date-only `createdTo` was turned into the next day's start). */
  createdBefore?: string;
  customerId?: string;
  /** Lower-cased: a prefix of the order code or of the customer's email. */
  q?: string;
  sort: OrderListSort;
  limit: number;
  cursor?: string;
}

/** Each sort's key column and how the cursor's text value is cast back; the order code breaks ties. */
const SORT_KEYS: Record<'createdAt' | 'total' | 'status', { column: string; cast: string }> = {
  createdAt: { column: 'o.placed_at', cast: 'timestamptz' },
  total: { column: 'o.total', cast: 'bigint' },
  status: { column: 'o.status', cast: 'text' },
};

/** What a cursor carries: the query it belongs to (a digest of tenant, filters and sort), the last key (as text) and code. */
interface OrderListCursor {
  q: string;
  k: string;
  c: string;
}

/** The digest of everything but the page position: a cursor of another tenant, filter or sort is refused. */
function queryDigest(tenant: string, request: OrderListRequest): string {
  const { cursor: _cursor, limit: _limit, ...query } = request;
  return createHash('sha256').update(JSON.stringify([tenant, query])).digest('base64url').slice(0, 16);
}

function decodeCursor(raw: string, digest: string): OrderListCursor {
  const cursor = readCursor<OrderListCursor>(raw, (c) => typeof c.k === 'string' && typeof c.c === 'string' && typeof c.q === 'string');
  if (cursor.q !== digest) throw new ValidationFailedError([{ field: 'cursor', problem: 'belongs to another query (filters, sort or shop): start again without it' }]);
  return cursor;
}

/** `LIKE` text for a prefix: the user's `\`, `%` and `_` match themselves. */
const prefixPattern = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page: one statement over the sort's index (`LIMIT limit + 1`), the payment state looked
 * up per row through `payment_refund_newest`. Returns the page's order codes in order.
 */
export async function orderListPage(scope: TenantScope, request: OrderListRequest): Promise<{ codes: string[]; cursor?: string }> {
  const digest = queryDigest(scope.tenant, request);
  const cursor = request.cursor !== undefined ? decodeCursor(request.cursor, digest) : undefined;
  const params = new SqlParams(scope.tenant);
  const desc = request.sort.startsWith('-');
  const key = SORT_KEYS[request.sort.replace('-', '') as keyof typeof SORT_KEYS];
  const where: string[] = [];
  if (request.statuses?.length) where.push(`o.status = ANY(${params.add(request.statuses)}::text[])`);
  if (request.paymentStates?.length) where.push(`coalesce(pay.state, 'none') = ANY(${params.add(request.paymentStates)}::text[])`);
  if (request.createdFrom) where.push(`o.placed_at >= ${params.add(request.createdFrom)}::timestamptz`);
  if (request.createdBefore) where.push(`o.placed_at < ${params.add(request.createdBefore)}::timestamptz`);
  if (request.customerId) where.push(`o.customer = ${params.add(request.customerId)}`);
  if (request.q) {
    const pattern = params.add(prefixPattern(request.q));
    where.push(`(lower(o.order_code) LIKE ${pattern} OR lower(o.customer_email) LIKE ${pattern})`);
  }
  if (cursor) where.push(`(${key.column}, o.order_code) ${desc ? '<' : '>'} (${params.add(cursor.k)}::${key.cast}, ${params.add(cursor.c)})`);
  const direction = desc ? 'DESC' : 'ASC';
  const rows = await scope.query<{ code: string; key: string }>(
    `SELECT o.order_code AS code, ${key.column}::text AS key
     FROM purchase o
     LEFT JOIN LATERAL (
       SELECT p.state FROM payment_refund p WHERE p.tenant = $1 AND p.order_code = o.order_code
       ORDER BY p.created_at DESC, p.code DESC LIMIT 1
     ) pay ON true
     WHERE o.tenant = $1 ${where.map((w) => `AND ${w}`).join(' ')}
     ORDER BY ${key.column} ${direction}, o.order_code ${direction}
     LIMIT ${params.add(request.limit + 1)}`,
    params.values,
  );
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  if (rows.length <= request.limit || !last) return { codes: page.map((r) => r.code) };
  const next: OrderListCursor = { q: digest, k: last.key, c: last.code };
  return { codes: page.map((r) => r.code), cursor: writeCursor(next) };
}
