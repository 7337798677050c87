import { ValidationFailedError } from '../../core/errors';
import { TenantScope } from '../../read-model/read-model';
import { MAX_OPTION_VALUES, SearchRequest } from './search.model';
import { SqlParams } from '../../read-model/sql-params';
import { queryWords } from '../../read-model/keyset-page';


/** The request's query words (none without `q`); a `q` without any is refused, naming `q`. */
export function searchWords(request: Pick<SearchRequest, 'q'>): string[] {
  if (request.q === undefined) return [];
  const words = queryWords(request.q);
  if (words.length === 0) throw new ValidationFailedError([{ field: 'q', problem: 'must contain a letter or a digit' }]);
  return words;
}

/** A catalog word close to a query word (a typo's likely meaning). */
export interface CloseWord {
  query: string;
  word: string;
}

/**
 * The tsquery of the words: each word as a prefix (`hood:*`) or one of the catalog's words
 * close to it, all words required. The words are letters and digits only, so the text has no
 * tsquery operators of the user's; it still travels as a parameter.
 */
export function tsqueryOf(words: readonly string[], close: readonly CloseWord[]): string {
  return words
    .map((word) => [`${word}:*`, ...close.filter((c) => c.query === word).map((c) => c.word)].join(' | '))
    .map((alternatives) => `(${alternatives})`)
    .join(' & ');
}

/** The tsquery of the words, with at most 3 of the tenant's words per word by trigram similarity >= 0.35 (typos). */
export async function textQuery(scope: TenantScope, words: string[]): Promise<string> {
  const close = await scope.query<CloseWord>(
    `SELECT q.query, w.word FROM unnest($2::text[]) AS q(query)
       CROSS JOIN LATERAL (
         SELECT word FROM search_word
          WHERE tenant = $1 AND word % q.query AND similarity(word, q.query) >= 0.35 AND word NOT LIKE q.query || '%'
          ORDER BY similarity(word, q.query) DESC, word LIMIT 3) w`,
    [scope.tenant, words],
  );
  return tsqueryOf(words, close);
}

/** The text's part of `base`: each product's score, and the condition that it matches (both neutral without text). */
export function textMatch(tsquery: string | undefined): { score: string; condition: string } {
  if (tsquery === undefined) return { score: '0::float8', condition: '' };
  return { score: `ts_rank(p.document, to_tsquery('simple', ${tsquery}))::float8`, condition: `AND p.document @@ to_tsquery('simple', ${tsquery})` };
}

/** One filter as a boolean column of `base`; an option filter names its option (for the options facet). */
export interface FilterFlag {
  name: string;
  sql: string;
  option?: string;
}

/**
 * One flag per filter of the request, computed once per product in `base`, so that the page
 * takes them all and each facet can leave its own out (disjunctive facets). Values go to `params`.
 */
export function filterFlags(request: SearchRequest, params: SqlParams): FilterFlag[] {
  const flags: FilterFlag[] = [];
  if (request.category !== undefined) {
    flags.push({ name: 'm_cat', sql: `p.category_codes && coalesce((SELECT array_agg(code) FROM cat_up WHERE ancestor = ${params.add(request.category)}), '{}')` });
  }
  if (request.minPrice !== undefined || request.maxPrice !== undefined) {
    const conditions = [
      ...(request.minPrice !== undefined ? [`p.price >= ${params.add(request.minPrice)}`] : []),
      ...(request.maxPrice !== undefined ? [`p.price <= ${params.add(request.maxPrice)}`] : []),
    ];
    flags.push({ name: 'm_price', sql: conditions.join(' AND ') });
  }
  if (request.skus !== undefined) flags.push({ name: 'm_sku', sql: `p.skus && ${params.add(request.skus)}::text[]` });
  if (request.inStock !== undefined) flags.push({ name: 'm_stock', sql: request.inStock ? 'p.in_stock' : 'NOT p.in_stock' });
  request.options.forEach((option, i) => {
    const values = option.values.slice(0, MAX_OPTION_VALUES).map((v) => v.toLowerCase());
    flags.push({
      name: `m_opt_${i}`,
      option: option.name,
      sql: `EXISTS (SELECT 1 FROM product_option o WHERE o.tenant = p.tenant AND o.product_code = p.code AND o.name_key = ${params.add(option.name)} AND lower(o.value) = ANY(${params.add(values)}::text[]))`,
    });
  });
  return flags;
}

/** The condition that a `base` row passes every flag but those `except` picks (`true` when none is left). */
export function allFlags(flags: readonly FilterFlag[], except?: (flag: FilterFlag) => boolean): string {
  const kept = flags.filter((f) => !except?.(f)).map((f) => f.name);
  return kept.length ? kept.join(' AND ') : 'true';
}
