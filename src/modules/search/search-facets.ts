import { allFlags, FilterFlag } from './search-filters';
import { PRICE_BUCKETS, SearchFacets } from './search.model';
import { SqlParams } from '../../read-model/sql-params';

/** The facet columns of the search statement's row, as PostgreSQL returns them. */
export interface FacetRows {
  categories: SearchFacets['categories'];
  options: { nameKey: string; name: string; value: string; count: number }[];
  prices: { bucket: number; count: number }[];
  availability: SearchFacets['availability'];
}

/**
 * The facets as columns of the search statement, each over `base` with every filter but its
 * own (disjunctive): categories (with their ancestors, active ones), option values (a value's
 * count leaves out the filter of its own option only; 50 values per option), price buckets and
 * availability. Values go to `params`.
 */
export function facetColumns(flags: readonly FilterFlag[], params: SqlParams): string {
  const buckets = params.add([...PRICE_BUCKETS]);
  const optionFlags = flags
    .filter((f) => f.option === undefined)
    .map((f) => f.name)
    .concat(flags.filter((f) => f.option !== undefined).map((f) => `(o.name_key = ${params.add(f.option)} OR ${f.name})`));
  return `
      (SELECT coalesce(json_agg(json_build_object('code', c.code, 'name', c.name, 'slug', c.slug, 'count', f.n) ORDER BY f.n DESC, c.code), '[]')
         FROM (SELECT cu.ancestor AS code, count(DISTINCT b.code)::int AS n
                 FROM base b CROSS JOIN unnest(b.category_codes) AS pc(code) JOIN cat_up cu ON cu.code = pc.code
                WHERE ${allFlags(flags, (f) => f.name === 'm_cat')} GROUP BY cu.ancestor) f
         JOIN category c ON c.tenant = $1 AND c.code = f.code AND c.active) AS categories,
      (SELECT coalesce(json_agg(json_build_object('nameKey', x.name_key, 'name', x.name, 'value', x.value, 'count', x.n) ORDER BY x.name_key, x.n DESC, x.value), '[]')
         FROM (SELECT o.name_key, min(o.name) AS name, o.value, count(DISTINCT b.code)::int AS n,
                      row_number() OVER (PARTITION BY o.name_key ORDER BY count(DISTINCT b.code) DESC, o.value) AS rank
                 FROM base b JOIN product_option o ON o.tenant = $1 AND o.product_code = b.code
                WHERE ${optionFlags.length ? optionFlags.join(' AND ') : 'true'}
                GROUP BY o.name_key, o.value) x WHERE x.rank <= 50) AS options,
      (SELECT coalesce(json_agg(json_build_object('bucket', f.bucket, 'count', f.n)), '[]')
         FROM (SELECT width_bucket(price, ${buckets}::bigint[]) AS bucket, count(*)::int AS n
                 FROM base WHERE ${allFlags(flags, (f) => f.name === 'm_price')} GROUP BY 1) f) AS prices,
      (SELECT json_build_object('inStock', count(*) FILTER (WHERE in_stock), 'outOfStock', count(*) FILTER (WHERE NOT in_stock))
         FROM base WHERE ${allFlags(flags, (f) => f.name === 'm_stock')}) AS availability`;
}

/** The facets of the response from the statement's facet columns: options grouped by name, every price bucket (empty ones at 0). */
export function facetsOf(rows: FacetRows): SearchFacets {
  return {
    categories: rows.categories,
    options: groupOptions(rows.options),
    price: PRICE_BUCKETS.map((min, i) => ({
      min,
      ...(i + 1 < PRICE_BUCKETS.length ? { max: PRICE_BUCKETS[i + 1] - 1 } : {}),
      count: rows.prices.find((b) => b.bucket === i + 1)?.count ?? 0,
    })),
    availability: rows.availability,
  };
}

function groupOptions(rows: FacetRows['options']): SearchFacets['options'] {
  const byName = new Map<string, SearchFacets['options'][number]>();
  for (const row of rows) {
    const entry = byName.get(row.nameKey) ?? { name: row.name, values: [] };
    entry.values.push({ value: row.value, count: row.count });
    byName.set(row.nameKey, entry);
  }
  return [...byName.values()];
}
