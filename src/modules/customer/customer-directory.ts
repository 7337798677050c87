import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../../core/errors';
import { Money } from '../../core/money';
import { TenantContext } from '../../core/tenant-context';
import { readModel } from '../../read-model/read-model';
import { CustomerStatus } from './customer.model';

export const CUSTOMER_SORTS = ['createdAt', 'lastOrderAt', 'lifetimeValue'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerListQuery {
  q?: string;
  status?: CustomerStatus;
  hasOrders?: boolean;
  marketingConsent?: boolean;
  sort?: CustomerSort;
  limit?: number;
  cursor?: string;
}

/** What the read model knows of a customer's orders (lags the feed, as reports do). */
export interface CustomerOrderFacts {
  ordersCount: number;
  /** Orders past confirmation and not cancelled, per currency, minor units. */
  lifetimeValue: Money[];
  lastOrder?: { code: string; placedAt: string };
}

export interface CustomerListItem extends CustomerOrderFacts {
  id: string;
  /** False: known from orders placed while signed in, no profile written yet. */
  hasProfile: boolean;
  name?: string;
  email?: string;
  status: CustomerStatus;
  marketingConsent: boolean;
  createdAt: string;
}

/** Newest first for every sort; the key expression is the one its index holds, then the code. */
const SORT_KEYS: Record<CustomerSort, { key: string; cast: string }> = {
  createdAt: { key: 'created_at', cast: 'timestamptz' },
  lastOrderAt: { key: "coalesce(last_order_at, '-infinity'::timestamptz)", cast: 'timestamptz' },
  lifetimeValue: { key: 'lifetime_total', cast: 'bigint' },
};

interface ListingRow {
  code: string;
  customer_id: string;
  profile_version: number;
  name: string | null;
  email: string | null;
  status: string;
  marketing_consent: boolean;
  created_at: Date | string;
  orders: number;
  lifetime_value: Record<string, number | string>;
  last_order_code: string | null;
  last_order_at: Date | string | null;
  /** The sort key as PostgreSQL prints it, so a cursor casts back to exactly it. */
  sort_key: string;
}

/**
 * Staff's list of a shop's customers, from the read model's `customer_listing` (profiles and
 * order facts; it lags the feed): text search in name and email (contains, case-insensitive,
 * pg_trgm index), filters, three sorts, keyset cursors. One statement per page.
 */
@Injectable()
export class CustomerDirectory {
  async list(ctx: TenantContext, query: CustomerListQuery): Promise<{ items: CustomerListItem[]; cursor?: string }> {
    const sort = query.sort ?? 'createdAt';
    const { key, cast } = SORT_KEYS[sort];
    const limit = query.limit ?? 20;
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value) + 1}`;
    const where: string[] = [];
    if (query.q) where.push(`lower(coalesce(name, '') || ' ' || coalesce(email, '')) LIKE ${param(`%${escapeLike(query.q.trim().toLowerCase())}%`)}`);
    if (query.status) where.push(`status = ${param(query.status)}`);
    if (query.hasOrders !== undefined) where.push(query.hasOrders ? 'orders > 0' : 'orders = 0');
    if (query.marketingConsent !== undefined) where.push(`marketing_consent = ${param(query.marketingConsent)}`);
    if (query.cursor) {
      const after = decodeCursor(query.cursor, sort);
      where.push(`(${key}, code) < (${param(after.v)}::${cast}, ${param(after.c)})`);
    }
    const rows = await (await readModel()).forTenant(ctx.tenantCode, (scope) =>
      scope.query<ListingRow>(
        `SELECT *, (${key})::text AS sort_key FROM customer_listing WHERE tenant = $1 ${where.map((w) => `AND ${w}`).join(' ')}
         ORDER BY ${key} DESC, code DESC LIMIT ${param(limit + 1)}`,
        [scope.tenant, ...params],
      ),
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const more = rows.length > limit && last;
    return { items: page.map(listItem), ...(more ? { cursor: encodeCursor({ s: sort, v: last.sort_key, c: last.code }) } : {}) };
  }

  /** The order facts of one customer (by their key part); none yet: zeroes. */
  async facts(ctx: TenantContext, id: string): Promise<CustomerOrderFacts> {
    const [row] = await (await readModel()).forTenant(ctx.tenantCode, (scope) =>
      scope.query<ListingRow>(`SELECT *, '' AS sort_key FROM customer_listing WHERE tenant = $1 AND code = $2`, [scope.tenant, id]),
    );
    return row ? factsOf(row) : { ordersCount: 0, lifetimeValue: [] };
  }
}

function factsOf(row: ListingRow): CustomerOrderFacts {
  return {
    ordersCount: Number(row.orders),
    lifetimeValue: Object.entries(row.lifetime_value ?? {})
      .map(([currency, amount]) => ({ currency, amount: Number(amount) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    ...(row.last_order_code && row.last_order_at ? { lastOrder: { code: row.last_order_code, placedAt: iso(row.last_order_at) } } : {}),
  };
}

function listItem(row: ListingRow): CustomerListItem {
  return {
    id: row.code,
    hasProfile: Number(row.profile_version) > 0,
    ...(row.name ? { name: row.name } : {}),
    ...(row.email ? { email: row.email } : {}),
    status: row.status as CustomerStatus,
    marketingConsent: row.marketing_consent,
    createdAt: iso(row.created_at),
    ...factsOf(row),
  };
}

const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());
/** `q` is matched literally: LIKE's wildcards in it are escaped. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What a cursor carries (base64url JSON): the sort, the last row's key as PostgreSQL printed it, and its code. */
interface ListCursor {
  s: CustomerSort;
  v: string;
  c: string;
}

const KEY_FORMATS: Record<CustomerSort, RegExp> = {
  createdAt: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/,
  lastOrderAt: /^(-infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?)$/,
  lifetimeValue: /^-?\d{1,18}$/,
};

function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(raw: string, sort: CustomerSort): ListCursor {
  const refuse = (problem: string) => new ValidationFailedError([{ field: 'cursor', problem }]);
  let cursor: ListCursor;
  try {
    cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ListCursor;
  } catch {
    throw refuse('is not a cursor of this list');
  }
  if (!cursor || typeof cursor !== 'object' || typeof cursor.c !== 'string' || typeof cursor.v !== 'string') throw refuse('is not a cursor of this list');
  if (cursor.s !== sort) throw refuse(`belongs to sort ${String(cursor.s)}, not ${sort}`);
  if (!KEY_FORMATS[sort].test(cursor.v)) throw refuse('is not a cursor of this list');
  return cursor;
}
