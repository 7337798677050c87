import { ValidationFailedError } from '../../core/errors';
import { keysetPage, prefixPattern, queryDigest, queryWords, readKeysetCursor } from '../../read-model/keyset-page';
import { SqlParams } from '../../read-model/sql-params';
import { TenantScope } from '../../read-model/read-model';

/**
 * The staff's product list with a text, category or stock filter, or a sort, served by the read
 * model (`product`): the data table has no index for text, a category's descendants or stock
 * (another entity). It lags the catalog by the feed's delay; the page's products themselves are
 * then read from the data table by code.
 */
export const PRODUCT_LIST_SORTS = ['name', '-name', 'price', '-price', 'updatedAt', '-updatedAt', 'stock', '-stock'] as const;
export type ProductListSort = (typeof PRODUCT_LIST_SORTS)[number];

/**
 * The stock filter: `in`, some units available over its active variants (low ones too); `low`,
 * some, but one of their stock rows is below its low-stock threshold; `out`, none.
 */
export const PRODUCT_STOCK_STATES = ['in', 'low', 'out'] as const;
export type ProductStockState = (typeof PRODUCT_STOCK_STATES)[number];

export interface ProductListRequest {
  /** Words each matching a word of the name, SKUs, option values or description by prefix, or a prefix of the code or of a SKU. */
  q?: string;
  /** Products in this category or any of its descendants. */
  category?: string;
  active?: boolean;
  stock?: ProductStockState;
  sort: ProductListSort;
  limit: number;
  cursor?: string;
}

/** Each sort's key expression (over its index) and how the cursor's text value is cast back; the code breaks ties. */
const SORT_KEYS: Record<'name' | 'price' | 'updatedAt' | 'stock', { column: string; cast: string }> = {
  name: { column: 'lower(p.name)', cast: 'text' },
  price: { column: 'p.price', cast: 'bigint' },
  updatedAt: { column: 'p.updated_at', cast: 'timestamptz' },
  stock: { column: 'p.stock_units', cast: 'integer' },
};

/**
 * One page: one statement walking the sort's index (`LIMIT limit + 1`), the filters checked per
 * row. Returns the page's product codes in order.
 */
export async function productListPage(scope: TenantScope, request: ProductListRequest): Promise<{ codes: string[]; cursor?: string }> {
  const digest = queryDigest(scope.tenant, request);
  const after = request.cursor !== undefined ? readKeysetCursor(request.cursor, digest) : undefined;
  const params = new SqlParams(scope.tenant);
  const desc = request.sort.startsWith('-');
  const key = SORT_KEYS[request.sort.replace('-', '') as keyof typeof SORT_KEYS];
  const where: string[] = [];
  if (request.q !== undefined) {
    const words = queryWords(request.q);
    if (!words.length) throw new ValidationFailedError([{ field: 'q', problem: 'must contain a letter or a digit' }]);
    const prefix = params.add(prefixPattern(request.q.toLowerCase()));
    where.push(`(p.document @@ to_tsquery('simple', ${params.add(words.map((w) => `${w}:*`).join(' & '))})
      OR lower(p.code) LIKE ${prefix} OR EXISTS (SELECT 1 FROM unnest(p.skus) AS sku WHERE lower(sku) LIKE ${prefix}))`);
  }
  if (request.category !== undefined) {
    where.push(`p.category_codes && (
      WITH RECURSIVE below (code, depth) AS (
        SELECT ${params.add(request.category)}::text, 0
        UNION ALL
        SELECT c.code, b.depth + 1 FROM below b JOIN category c ON c.tenant = $1 AND c.parent_code = b.code WHERE b.depth < 32
      ) SELECT array_agg(code) FROM below)`);
  }
  if (request.active !== undefined) where.push(request.active ? 'p.active' : 'NOT p.active');
  if (request.stock !== undefined) where.push(request.stock === 'in' ? `p.stock_state <> 'out'` : `p.stock_state = ${params.add(request.stock)}`);
  if (after) where.push(`(${key.column}, p.code) ${desc ? '<' : '>'} (${params.add(after.key)}::${key.cast}, ${params.add(after.code)})`);
  const direction = desc ? 'DESC' : 'ASC';
  const rows = await scope.query<{ code: string; key: string }>(
    `SELECT p.code, ${key.column}::text AS key FROM product p
     WHERE p.tenant = $1 ${where.map((w) => `AND ${w}`).join(' ')}
     ORDER BY ${key.column} ${direction}, p.code ${direction}
     LIMIT ${params.add(request.limit + 1)}`,
    params.values,
  );
  const page = keysetPage(rows, request.limit, digest);
  return { codes: page.rows.map((r) => r.code), ...(page.cursor ? { cursor: page.cursor } : {}) };
}
