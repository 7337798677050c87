import { Injectable } from '@nestjs/common';
import type { StockState } from '../catalog';
import { TenantContext } from '../../core/tenant-context';
import { readModel, TenantScope } from '../../read-model/read-model';
import { decodeCursor, effectiveSort, KeyedRow, keysetCondition, keysetOrderBy, nextPage } from './search-cursor';
import { facetColumns, FacetRows, facetsOf } from './search-facets';
import { allFlags, FilterFlag, filterFlags, searchWords, textMatch, textQuery } from './search-filters';
import { SearchHit, SearchHitImage, SearchRequest, SearchResult, SearchSort } from './search.model';
import { SqlParams } from '../../read-model/sql-params';
import { completions, didYouMean, FEW_HITS } from './search-suggestions';
import { renditionUrl } from '../media';
import { StoredImage } from './product-images';

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

  /** Type-ahead completions of a prefix, from the tenant's product names and words. */
  async suggestions(ctx: TenantContext, q: string): Promise<{ suggestions: string[] }> {
    const model = await readModel();
    return { suggestions: await model.forTenant(ctx.tenantCode, (scope) => completions(scope, q)) };
  }
}

/**
 * One search: the request's words (and their typos), filters, keyset and facets, each adding
 * its values to the statement's parameters in turn; a bad `q` or cursor is refused before any read.
 */
export async function runSearch(scope: TenantScope, request: SearchRequest): Promise<SearchResult> {
  const params = new SqlParams(scope.tenant);
  const words = searchWords(request);
  const sort = effectiveSort(request.sort, words.length > 0);
  const cursor = request.cursor !== undefined ? decodeCursor(request.cursor, request.sort, sort) : undefined;
  const text = textMatch(words.length ? params.add(await textQuery(scope, words)) : undefined);
  const flags = filterFlags(request, params);
  const after = keysetCondition(sort, cursor, params);
  const limit = params.add(request.limit + 1);
  const facets = facetColumns(flags, params);
  const [row] = await scope.query<{ items: RawHit[]; total: number } & FacetRows>(searchStatement({ text, flags, after, limit, sort, facets }), params.values);
  const { page, cursor: next } = nextPage(row.items, request, sort);
  // "Did you mean" only for a first page with text and few hits: corrections of the words, not of the filters.
  const suggestions = words.length > 0 && request.cursor === undefined && row.total < FEW_HITS ? await didYouMean(scope, words) : [];
  return { items: page.map((h) => hitOf(h, words.length > 0)), ...(next ? { cursor: next } : {}), total: row.total, facets: facetsOf(row), suggestions };
}

/**
 * The statement: `cat_up` (each category with its ancestors), a materialized `base` of the
 * tenant's active products matching the text with one boolean per filter, the page after the
 * keyset with its products' review summaries, the total, and the facet columns.
 */
function searchStatement(parts: { text: ReturnType<typeof textMatch>; flags: FilterFlag[]; after: string; limit: string; sort: SearchSort; facets: string }): string {
  const { text, flags, after, limit, sort, facets } = parts;
  return `
    WITH RECURSIVE cat_up (code, ancestor, parent_code, depth) AS (
      SELECT code, code, parent_code, 0 FROM category WHERE tenant = $1
      UNION ALL
      SELECT cu.code, c.code, c.parent_code, cu.depth + 1 FROM cat_up cu
        JOIN category c ON c.tenant = $1 AND c.code = cu.parent_code WHERE cu.depth < 32
    ),
    base AS MATERIALIZED (
      SELECT p.code, p.name, lower(p.name) AS name_key, p.description, p.price, p.max_price, p.currency, p.in_stock,
             p.category_codes, p.skus, p.created_at, p.image, ${text.score} AS score
             ${flags.map((f) => `, (${f.sql}) AS ${f.name}`).join('')}
      FROM product p
      WHERE p.tenant = $1 AND p.active ${text.condition}
    ),
    hits AS (
      SELECT * FROM base WHERE ${allFlags(flags)} ${after}
      ORDER BY ${keysetOrderBy(sort)} LIMIT ${limit}
    ),
    -- The page's products only: their visible reviews' average, count and distribution.
    rated AS (
      SELECT h.*, (SELECT json_build_object('average', round(avg(r.rating), 2), 'count', count(*),
                    'distribution', json_build_object('1', count(*) FILTER (WHERE r.rating = 1), '2', count(*) FILTER (WHERE r.rating = 2),
                      '3', count(*) FILTER (WHERE r.rating = 3), '4', count(*) FILTER (WHERE r.rating = 4), '5', count(*) FILTER (WHERE r.rating = 5)))
                   FROM review r WHERE r.tenant = $1 AND r.product_code = h.code AND NOT r.hidden) AS reviews,
             -- Each active variant's stock state, as GET /products/{code} tells it (stockStateOf in inventory),
             -- and its own first image (one bound to its SKU), for a cart or wishlist line of that variant.
             (SELECT coalesce(json_agg(json_build_object('sku', v.sku, 'stockState',
                       CASE WHEN v.available <= 0 THEN 'out_of_stock' WHEN v.available < v.threshold THEN 'low' ELSE 'in_stock' END,
                       'image', (SELECT m.image FROM media_image m
                                  WHERE m.tenant = $1 AND m.owner_kind = 'product' AND m.owner_code = h.code AND NOT m.deleted AND v.sku = ANY(m.variant_skus)
                                  ORDER BY m.position, m.id LIMIT 1)) ORDER BY v.sku), '[]')
                FROM (SELECT va.sku, coalesce(sum(greatest(s.available, 0)), 0) AS available, coalesce(sum(greatest(s.low_stock_threshold, 0)), 0) AS threshold
                        FROM variant va LEFT JOIN stock s ON s.tenant = va.tenant AND s.sku = va.sku
                       WHERE va.tenant = $1 AND va.product_code = h.code AND va.active GROUP BY va.sku) v) AS variants
      FROM hits h
    )
    SELECT
      (SELECT coalesce(json_agg(h ORDER BY ${keysetOrderBy(sort, 'h.')}), '[]') FROM rated h) AS items,
      (SELECT count(*)::int FROM base WHERE ${allFlags(flags)}) AS total,${facets}`;
}

interface RawHit extends KeyedRow {
  name: string;
  description: string;
  max_price: number;
  currency: string;
  in_stock: boolean;
  category_codes: string[];
  skus: string[];
  image: StoredImage | null;
  variants: { sku: string; stockState: StockState; image: StoredImage | null }[];
  reviews: { average: number | null; count: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
}

/** A kept image with its renditions' URLs, as the deployment serves them. */
const imageOf = (image: StoredImage | null): SearchHitImage | null =>
  image && { alt: image.alt, width: image.width, height: image.height, renditions: image.renditions.map((r) => ({ width: r.width, format: r.format, url: renditionUrl(r.key) })) };

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
    image: imageOf(h.image),
    variants: h.variants.map((v) => ({ ...v, image: imageOf(v.image) })),
    createdAt: new Date(h.created_at).toISOString(),
    reviews: { ...h.reviews, average: h.reviews.average === null ? null : Number(h.reviews.average) },
    ...(withScore ? { score: h.score } : {}),
  };
}
