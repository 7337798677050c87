import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { readModel, TenantScope } from '../../read-model/read-model';
import { MAX_OPTION_VALUES, PRICE_BUCKETS, SearchFacets, SearchHit, SearchRequest, SearchResult, SearchSort } from './search.model';

/** The words of a query: letters and digits only, so a tsquery built from them has no operators of the user's. */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}

/**
 * The tsquery of the words: each word as a prefix (`hood:*`), or one of the catalog's words
 * close to it (trigram similarity >= 0.35, at most 3: typos), all words required. The words
 * are letters and digits only, so the text has no tsquery operators of the user's; it still
 * travels as a parameter.
 */
async function textQuery(scope: TenantScope, words: string[]): Promise<string> {
  const close = await scope.query<{ query: string; word: string }>(
    `SELECT q.query, w.word FROM unnest($2::text[]) AS q(query)
       CROSS JOIN LATERAL (
         SELECT word FROM search_word
          WHERE tenant = $1 AND word % q.query AND similarity(word, q.query) >= 0.35 AND word NOT LIKE q.query || '%'
          ORDER BY similarity(word, q.query) DESC, word LIMIT 3) w`,
    [scope.tenant, words],
  );
  return words
    .map((word) => [`${word}:*`, ...close.filter((c) => c.query === word).map((c) => c.word)].join(' | '))
    .map((alternatives) => `(${alternatives})`)
    .join(' & ');
}

/** Keyset order of each sort: the key expression over `base`, its direction, then `code` ascending. */
const ORDER: Record<Exclude<SearchSort, 'relevance'> | 'relevance', { key: string; desc: boolean; cast: string }> = {
  relevance: { key: 'score', desc: true, cast: 'float8' },
  price_asc: { key: 'price', desc: false, cast: 'bigint' },
  price_desc: { key: 'price', desc: true, cast: 'bigint' },
  newest: { key: 'created_at', desc: true, cast: 'timestamptz' },
  name: { key: 'name_key', desc: false, cast: 'text' },
};

interface Cursor {
  s: SearchSort;
  v: string | number;
  c: string;
}

/**
 * Catalog search over the read model: full text (weighted, prefix, typo tolerant through
 * trigrams), filters, sorts, keyset pages and disjunctive facets, all in one statement. The
 * tenant comes from the caller's context and is the first parameter of every table read;
 * Row Level Security holds the transaction to it as well. User text only ever travels as a
 * parameter.
 */
@Injectable()
export class SearchService {
  async search(ctx: TenantContext, request: SearchRequest): Promise<SearchResult> {
    const model = await readModel();
    return model.forTenant(ctx.tenantCode, (scope) => runSearch(scope, request));
  }
}

export async function runSearch(scope: TenantScope, request: SearchRequest): Promise<SearchResult> {
  const params: unknown[] = [scope.tenant];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const words = request.q !== undefined ? queryWords(request.q) : [];
  if (request.q !== undefined && words.length === 0) throw new ValidationFailedError([{ field: 'q', problem: 'must contain a letter or a digit' }]);
  const hasText = words.length > 0;
  const sort: SearchSort = request.sort === 'relevance' && !hasText ? 'newest' : request.sort;
  const order = ORDER[sort];
  const cursor = request.cursor !== undefined ? decodeCursor(request.cursor, request.sort, sort) : undefined;

  const tsq = hasText ? p(await textQuery(scope, words)) : '';
  const score = hasText ? `ts_rank(p.document, to_tsquery('simple', ${tsq}))::float8` : '0::float8';
  const textMatch = hasText ? `AND p.document @@ to_tsquery('simple', ${tsq})` : '';

  // One flag per filter, so each facet can leave its own filter out (disjunctive facets).
  const flags: { name: string; sql: string; option?: string }[] = [];
  if (request.category !== undefined) {
    flags.push({ name: 'm_cat', sql: `p.category_codes && coalesce((SELECT array_agg(code) FROM cat_up WHERE ancestor = ${p(request.category)}), '{}')` });
  }
  if (request.minPrice !== undefined || request.maxPrice !== undefined) {
    const conditions = [
      ...(request.minPrice !== undefined ? [`p.price >= ${p(request.minPrice)}`] : []),
      ...(request.maxPrice !== undefined ? [`p.price <= ${p(request.maxPrice)}`] : []),
    ];
    flags.push({ name: 'm_price', sql: conditions.join(' AND ') });
  }
  if (request.inStock !== undefined) flags.push({ name: 'm_stock', sql: request.inStock ? 'p.in_stock' : 'NOT p.in_stock' });
  request.options.forEach((option, i) => {
    const values = option.values.slice(0, MAX_OPTION_VALUES).map((v) => v.toLowerCase());
    flags.push({
      name: `m_opt_${i}`,
      option: option.name,
      sql: `EXISTS (SELECT 1 FROM product_option o WHERE o.tenant = p.tenant AND o.product_code = p.code AND o.name_key = ${p(option.name)} AND lower(o.value) = ANY(${p(values)}::text[]))`,
    });
  });
  const all = (except?: (f: (typeof flags)[number]) => boolean) => {
    const kept = flags.filter((f) => !except?.(f)).map((f) => f.name);
    return kept.length ? kept.join(' AND ') : 'true';
  };

  let keyset = '';
  if (cursor) {
    const value = `${p(cursor.v)}::${order.cast}`;
    const code = p(cursor.c);
    keyset = `AND (${order.key} ${order.desc ? '<' : '>'} ${value} OR (${order.key} = ${value} AND code > ${code}))`;
  }
  const limit = p(request.limit + 1);
  const buckets = p([...PRICE_BUCKETS]);

  // Options facet: a value's count leaves out the filter of its own option only.
  const optionFlags = flags
    .filter((f) => f.option === undefined)
    .map((f) => f.name)
    .concat(flags.filter((f) => f.option !== undefined).map((f) => `(o.name_key = ${p(f.option)} OR ${f.name})`));

  const sql = `
    WITH RECURSIVE cat_up (code, ancestor, parent_code, depth) AS (
      SELECT code, code, parent_code, 0 FROM category WHERE tenant = $1
      UNION ALL
      SELECT cu.code, c.code, c.parent_code, cu.depth + 1 FROM cat_up cu
        JOIN category c ON c.tenant = $1 AND c.code = cu.parent_code WHERE cu.depth < 32
    ),
    base AS MATERIALIZED (
      SELECT p.code, p.name, lower(p.name) AS name_key, p.description, p.price, p.max_price, p.currency, p.in_stock,
             p.category_codes, p.skus, p.created_at, ${score} AS score
             ${flags.map((f) => `, (${f.sql}) AS ${f.name}`).join('')}
      FROM product p
      WHERE p.tenant = $1 AND p.active ${textMatch}
    ),
    hits AS (
      SELECT * FROM base WHERE ${all()} ${keyset}
      ORDER BY ${order.key} ${order.desc ? 'DESC' : 'ASC'}, code ASC LIMIT ${limit}
    ),
    -- The page's products only: their visible reviews' average, count and distribution.
    rated AS (
      SELECT h.*, (SELECT json_build_object('average', round(avg(r.rating), 2), 'count', count(*),
                    'distribution', json_build_object('1', count(*) FILTER (WHERE r.rating = 1), '2', count(*) FILTER (WHERE r.rating = 2),
                      '3', count(*) FILTER (WHERE r.rating = 3), '4', count(*) FILTER (WHERE r.rating = 4), '5', count(*) FILTER (WHERE r.rating = 5)))
                   FROM review r WHERE r.tenant = $1 AND r.product_code = h.code AND NOT r.hidden) AS reviews
      FROM hits h
    )
    SELECT
      (SELECT coalesce(json_agg(h ORDER BY h.${order.key} ${order.desc ? 'DESC' : 'ASC'}, h.code), '[]') FROM rated h) AS items,
      (SELECT count(*)::int FROM base WHERE ${all()}) AS total,
      (SELECT coalesce(json_agg(json_build_object('code', c.code, 'name', c.name, 'slug', c.slug, 'count', f.n) ORDER BY f.n DESC, c.code), '[]')
         FROM (SELECT cu.ancestor AS code, count(DISTINCT b.code)::int AS n
                 FROM base b CROSS JOIN unnest(b.category_codes) AS pc(code) JOIN cat_up cu ON cu.code = pc.code
                WHERE ${all((f) => f.name === 'm_cat')} GROUP BY cu.ancestor) f
         JOIN category c ON c.tenant = $1 AND c.code = f.code AND c.active) AS categories,
      (SELECT coalesce(json_agg(json_build_object('nameKey', x.name_key, 'name', x.name, 'value', x.value, 'count', x.n) ORDER BY x.name_key, x.n DESC, x.value), '[]')
         FROM (SELECT o.name_key, min(o.name) AS name, o.value, count(DISTINCT b.code)::int AS n,
                      row_number() OVER (PARTITION BY o.name_key ORDER BY count(DISTINCT b.code) DESC, o.value) AS rank
                 FROM base b JOIN product_option o ON o.tenant = $1 AND o.product_code = b.code
                WHERE ${optionFlags.length ? optionFlags.join(' AND ') : 'true'}
                GROUP BY o.name_key, o.value) x WHERE x.rank <= 50) AS options,
      (SELECT coalesce(json_agg(json_build_object('bucket', f.bucket, 'count', f.n)), '[]')
         FROM (SELECT width_bucket(price, ${buckets}::bigint[]) AS bucket, count(*)::int AS n
                 FROM base WHERE ${all((f) => f.name === 'm_price')} GROUP BY 1) f) AS prices,
      (SELECT json_build_object('inStock', count(*) FILTER (WHERE in_stock), 'outOfStock', count(*) FILTER (WHERE NOT in_stock))
         FROM base WHERE ${all((f) => f.name === 'm_stock')}) AS availability`;

  const [row] = await scope.query<{
    items: RawHit[];
    total: number;
    categories: SearchFacets['categories'];
    options: { nameKey: string; name: string; value: string; count: number }[];
    prices: { bucket: number; count: number }[];
    availability: SearchFacets['availability'];
  }>(sql, params);

  const page = row.items.slice(0, request.limit);
  const last = page[page.length - 1];
  const more = row.items.length > request.limit;
  return {
    items: page.map((h) => hitOf(h, hasText)),
    ...(more && last ? { cursor: encodeCursor({ s: request.sort, v: keyOf(last, sort), c: last.code }) } : {}),
    total: row.total,
    facets: {
      categories: row.categories,
      options: groupOptions(row.options),
      price: PRICE_BUCKETS.map((min, i) => ({
        min,
        ...(i + 1 < PRICE_BUCKETS.length ? { max: PRICE_BUCKETS[i + 1] - 1 } : {}),
        count: row.prices.find((b) => b.bucket === i + 1)?.count ?? 0,
      })),
      availability: row.availability,
    },
  };
}

interface RawHit {
  code: string;
  name: string;
  name_key: string;
  description: string;
  price: number;
  max_price: number;
  currency: string;
  in_stock: boolean;
  category_codes: string[];
  skus: string[];
  created_at: string;
  score: number;
  reviews: { average: number | null; count: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
}

function hitOf(h: RawHit, withScore: boolean): SearchHit {
  return {
    code: h.code,
    name: h.name,
    description: h.description,
    price: { amount: Number(h.price), currency: h.currency },
    maxPrice: { amount: Number(h.max_price), currency: h.currency },
    inStock: h.in_stock,
    categoryCodes: h.category_codes,
    skus: h.skus,
    createdAt: new Date(h.created_at).toISOString(),
    reviews: { ...h.reviews, average: h.reviews.average === null ? null : Number(h.reviews.average) },
    ...(withScore ? { score: h.score } : {}),
  };
}

function keyOf(h: RawHit, sort: SearchSort): string | number {
  switch (sort) {
    case 'relevance':
      return h.score;
    case 'price_asc':
    case 'price_desc':
      return Number(h.price);
    case 'newest':
      // json_agg renders timestamptz with microseconds; keep the text as it is.
      return h.created_at;
    case 'name':
      return h.name_key;
  }
}

function groupOptions(rows: { nameKey: string; name: string; value: string; count: number }[]): SearchFacets['options'] {
  const byName = new Map<string, SearchFacets['options'][number]>();
  for (const row of rows) {
    const entry = byName.get(row.nameKey) ?? { name: row.name, values: [] };
    entry.values.push({ value: row.value, count: row.count });
    byName.set(row.nameKey, entry);
  }
  return [...byName.values()];
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string, sort: SearchSort, effective: SearchSort): Cursor {
  const refuse = (problem: string) => new ValidationFailedError([{ field: 'cursor', problem }]);
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
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
