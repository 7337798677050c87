import { createHash } from 'node:crypto';
import { CommandItem, Page } from './entity';
import { ValidationFailedError } from './errors';
import { DEFAULT_PAGE_SIZE, readCursor, writeCursor } from './pagination';
import { TenantContext } from './tenant-context';

/**
 * A sort of a small set read whole (a shop's categories, coupons, tax rates, shipping zones and
 * methods: `CommandService.latestOfType`, capped per type): a key per item (a value, or values
 * compared in turn), text compared with `localeCompare` as those lists always were; the code
 * breaks ties. `-<name>` is the same key descending.
 */
export type SortValue = string | number;
export type SortKeys<T> = Record<string, (item: T) => SortValue | SortValue[]>;

export interface SortedPageRequest {
  /** A key of the list's SortKeys, `-` first for descending. */
  sort: string;
  limit?: number;
  cursor?: string;
}

/** The sorts a list offers: each key ascending and descending. */
export function sortNames(keys: SortKeys<never>): string[] {
  return Object.keys(keys).flatMap((name) => [name, `-${name}`]);
}

/** Where a page continues: the sort, its shop (a digest), the last item's key and code. */
interface SortedCursor {
  s: string;
  t: string;
  k: SortValue | SortValue[];
  c: string;
}

const shopDigest = (ctx: TenantContext) => createHash('sha256').update(ctx.tenantCode).digest('base64url').slice(0, 12);

function compare(a: SortValue | SortValue[], b: SortValue | SortValue[]): number {
  if (Array.isArray(a) || Array.isArray(b)) {
    const [x, y] = [[a].flat(), [b].flat()];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const order = compare(x[i] ?? '', y[i] ?? '');
      if (order) return order;
    }
    return 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * One page of `all` under the request's sort, after the cursor's item: the same first page
 * whatever the limit, no item twice and none skipped while the set changes between pages (an
 * item added before the cursor is simply not on the later pages). A cursor of another sort or
 * another shop is refused with 400 naming `cursor`.
 */
export function sortedPage<T extends { code: string }>(ctx: TenantContext, all: readonly T[], keys: SortKeys<T>, request: SortedPageRequest): Page<T> {
  const desc = request.sort.startsWith('-');
  const keyOf = keys[desc ? request.sort.slice(1) : request.sort];
  if (!keyOf) throw new ValidationFailedError([{ field: 'sort', problem: `must be one of ${sortNames(keys as SortKeys<never>).join(', ')}` }]);
  const order = (a: Omit<SortedCursor, 's' | 't'>, b: Omit<SortedCursor, 's' | 't'>) => (compare(a.k, b.k) || compare(a.c, b.c)) * (desc ? -1 : 1);
  const sorted = all.map((item) => ({ item, k: keyOf(item), c: item.code })).sort(order);
  const after = request.cursor !== undefined ? decodeCursor(ctx, request) : undefined;
  const rest = after ? sorted.filter((entry) => order(entry, after) > 0) : sorted;
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  const items = page.map((entry) => entry.item);
  if (rest.length <= limit || !last) return { items };
  const cursor: SortedCursor = { s: request.sort, t: shopDigest(ctx), k: last.k, c: last.c };
  return { items, cursor: writeCursor(cursor) };
}

function decodeCursor(ctx: TenantContext, request: SortedPageRequest): SortedCursor {
  const value = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  const cursor = readCursor<SortedCursor>(request.cursor!, (c) => typeof c.c === 'string' && (value(c.k) || (Array.isArray(c.k) && c.k.every(value))));
  if (cursor.s !== request.sort || cursor.t !== shopDigest(ctx)) throw new ValidationFailedError([{ field: 'cursor', problem: 'belongs to another sort or shop: start again without it' }]);
  return cursor;
}

/** The sorts every entity list offers: its code, its name, when its version 1 was made. */
export const ENTITY_SORT_KEYS: SortKeys<Pick<CommandItem, 'code' | 'name' | 'createdAt' | 'issuedAt'>> = {
  code: (item) => item.code,
  name: (item) => item.name ?? '',
  createdAt: (item) => item.createdAt ?? item.issuedAt,
};
