import { ValidationFailedError } from '../../core/errors';
import { SearchRequest, SearchSort } from './search.model';
import { SqlParams } from '../../read-model/sql-params';

/** The keyset order of a sort: the key expression over `base`, its direction and SQL type; `code` ascending breaks ties. */
export interface KeysetOrder {
  key: string;
  desc: boolean;
  cast: string;
}

export const KEYSET_ORDERS: Record<SearchSort, KeysetOrder> = {
  relevance: { key: 'score', desc: true, cast: 'float8' },
  price_asc: { key: 'price', desc: false, cast: 'bigint' },
  price_desc: { key: 'price', desc: true, cast: 'bigint' },
  newest: { key: 'created_at', desc: true, cast: 'timestamptz' },
  name: { key: 'name_key', desc: false, cast: 'text' },
};

/**
 * What a cursor carries (base64url JSON; cursors already handed out keep this shape): the sort
 * asked for, the last item's key under the sort applied, and its code.
 */
export interface SearchCursor {
  s: SearchSort;
  v: string | number;
  c: string;
}

/** The columns of a result row the keyset reads. */
export interface KeyedRow {
  code: string;
  score: number;
  price: number;
  created_at: string;
  name_key: string;
}

/** The sort applied: relevance without text has no score to sort by, so it is newest first. */
export function effectiveSort(sort: SearchSort, hasText: boolean): SearchSort {
  return sort === 'relevance' && !hasText ? 'newest' : sort;
}

/** `ORDER BY` of a sort, over columns of `alias` when given. */
export function keysetOrderBy(sort: SearchSort, alias = ''): string {
  const order = KEYSET_ORDERS[sort];
  return `${alias}${order.key} ${order.desc ? 'DESC' : 'ASC'}, ${alias}code`;
}

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * The cursor of a request asking for `sort` (`effective` is the sort applied): 400 naming
 * `cursor` when it is not one, belongs to another sort, or its key does not fit the sort's type.
 */
export function decodeCursor(raw: string, sort: SearchSort, effective: SearchSort): SearchCursor {
  const refuse = (problem: string) => new ValidationFailedError([{ field: 'cursor', problem }]);
  let cursor: SearchCursor;
  try {
    cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as SearchCursor;
  } catch {
    throw refuse('is not a cursor of this search');
  }
  if (!cursor || typeof cursor !== 'object' || typeof cursor.c !== 'string' || (typeof cursor.v !== 'string' && typeof cursor.v !== 'number')) {
    throw refuse('is not a cursor of this search');
  }
  if (cursor.s !== sort) throw refuse(`belongs to sort ${String(cursor.s)}, not ${sort}`);
  const fits =
    effective === 'newest'
      ? typeof cursor.v === 'string' && !Number.isNaN(Date.parse(cursor.v))
      : effective === 'name'
        ? typeof cursor.v === 'string'
        : effective === 'relevance'
          ? typeof cursor.v === 'number' && Number.isFinite(cursor.v)
          : Number.isSafeInteger(cursor.v);
  if (!fits) throw refuse('is not a cursor of this search');
  return cursor;
}

/** The condition that a `base` row comes after the cursor's (empty without a cursor). */
export function keysetCondition(sort: SearchSort, cursor: SearchCursor | undefined, params: SqlParams): string {
  if (!cursor) return '';
  const order = KEYSET_ORDERS[sort];
  const value = `${params.add(cursor.v)}::${order.cast}`;
  const code = params.add(cursor.c);
  return `AND (${order.key} ${order.desc ? '<' : '>'} ${value} OR (${order.key} = ${value} AND code > ${code}))`;
}

/** The row's key under a sort, as the next cursor carries it. */
export function keyOf(row: KeyedRow, sort: SearchSort): string | number {
  switch (sort) {
    case 'relevance':
      return row.score;
    case 'price_asc':
    case 'price_desc':
      return Number(row.price);
    case 'newest':
      // json_agg renders timestamptz with microseconds; keep the text as it is.
      return row.created_at;
    case 'name':
      return row.name_key;
  }
}

/**
 * The page of rows read with one more than the limit: the first `limit`, and when there were
 * more, the cursor after the last of them.
 */
export function nextPage<T extends KeyedRow>(rows: readonly T[], request: Pick<SearchRequest, 'sort' | 'limit'>, sort: SearchSort): { page: T[]; cursor?: string } {
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  if (rows.length <= request.limit || !last) return { page };
  return { page, cursor: encodeCursor({ s: request.sort, v: keyOf(last, sort), c: last.code }) };
}
