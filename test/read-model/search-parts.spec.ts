import { ValidationFailedError } from '../../src/core/errors';
import { decodeCursor, effectiveSort, encodeCursor, keysetCondition, nextPage, SearchCursor } from '../../src/modules/search/search-cursor';
import { facetsOf } from '../../src/modules/search/search-facets';
import { allFlags, filterFlags, searchWords, tsqueryOf } from '../../src/modules/search/search-filters';
import { MAX_OPTION_VALUES, SEARCH_SORTS, SearchRequest, SearchSort } from '../../src/modules/search/search.model';
import { SqlParams } from '../../src/read-model/sql-params';

/**
 * The pure parts of the search (no database): the cursor, the filters and the facets' shaping.
 * test/read-model/search.spec.ts runs the whole statement against the read model.
 */
const request = (extra: Partial<SearchRequest> = {}): SearchRequest => ({ options: [], sort: 'relevance', limit: 2, ...extra });

/** The fields a ValidationFailedError (400) names. */
function refusedFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).status).toBe(400);
    return (error as ValidationFailedError).problems.map((p) => p.field);
  }
  throw new Error('not refused');
}

const row = (code: string, i: number) => ({ code, score: 0.5 - i / 10, price: 1000 + i, created_at: `2026-01-0${i + 1}T00:00:00.123456+00:00`, name_key: `name ${i}` });

describe('search cursor', () => {
  const keys: Record<SearchSort, string | number> = { relevance: 0.25, price_asc: 1200, price_desc: 1200, newest: '2026-01-01T00:00:00.123456+00:00', name: 'zip hoodie' };

  it.each(SEARCH_SORTS)('round-trips a cursor of sort %s', (sort) => {
    const cursor: SearchCursor = { s: sort, v: keys[sort], c: 'P1' };
    expect(decodeCursor(encodeCursor(cursor), sort, sort)).toEqual(cursor);
  });

  it('still reads cursors handed out before the split (base64url JSON {s, v, c})', () => {
    // Made by the search before it was split into filters, facets and cursor.
    expect(decodeCursor('eyJzIjoicHJpY2VfYXNjIiwidiI6MTIwMCwiYyI6IlAxIn0', 'price_asc', 'price_asc')).toEqual({ s: 'price_asc', v: 1200, c: 'P1' });
    expect(encodeCursor({ s: 'price_asc', v: 1200, c: 'P1' })).toBe('eyJzIjoicHJpY2VfYXNjIiwidiI6MTIwMCwiYyI6IlAxIn0');
  });

  it('gives the next page a cursor after its last row, only when more rows were read', () => {
    const rows = ['A', 'B', 'C'].map(row);
    const more = nextPage(rows, { sort: 'price_asc', limit: 2 }, 'price_asc');
    expect(more.page.map((r) => r.code)).toEqual(['A', 'B']);
    expect(decodeCursor(more.cursor!, 'price_asc', 'price_asc')).toEqual({ s: 'price_asc', v: 1001, c: 'B' });
    expect(nextPage(rows, { sort: 'price_asc', limit: 3 }, 'price_asc')).toEqual({ page: rows });
  });

  it('keeps the sort asked for in the cursor when relevance without text sorts newest first', () => {
    const sort = effectiveSort('relevance', false);
    expect(sort).toBe('newest');
    const { cursor } = nextPage(['A', 'B'].map(row), { sort: 'relevance', limit: 1 }, sort);
    expect(decodeCursor(cursor!, 'relevance', sort)).toEqual({ s: 'relevance', v: '2026-01-01T00:00:00.123456+00:00', c: 'A' });
    expect(effectiveSort('relevance', true)).toBe('relevance');
  });

  it('refuses a bad cursor with 400 naming the cursor', () => {
    const encoded = (cursor: unknown) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
    expect(refusedFields(() => decodeCursor('nonsense', 'price_asc', 'price_asc'))).toEqual(['cursor']);
    expect(refusedFields(() => decodeCursor(encoded(null), 'name', 'name'))).toEqual(['cursor']);
    expect(refusedFields(() => decodeCursor(encoded({ s: 'name', v: 'a' }), 'name', 'name'))).toEqual(['cursor']);
    expect(refusedFields(() => decodeCursor(encoded({ s: 'name', v: 'a', c: 'P1' }), 'price_asc', 'price_asc'))).toEqual(['cursor']);
    expect(refusedFields(() => decodeCursor(encoded({ s: 'price_asc', v: 1.5, c: 'P1' }), 'price_asc', 'price_asc'))).toEqual(['cursor']);
    expect(refusedFields(() => decodeCursor(encoded({ s: 'newest', v: 'not a date', c: 'P1' }), 'newest', 'newest'))).toEqual(['cursor']);
    expect(refusedFields(() => decodeCursor(encoded({ s: 'relevance', v: 'a', c: 'P1' }), 'relevance', 'relevance'))).toEqual(['cursor']);
  });

  it('puts the cursor key and code into parameters, never into the SQL text', () => {
    const params = new SqlParams('t1');
    const sql = keysetCondition('price_desc', { s: 'price_desc', v: 1200, c: "P1' OR 1=1" }, params);
    expect(sql).toBe('AND (price < $2::bigint OR (price = $2::bigint AND code > $3))');
    expect(params.values).toEqual(['t1', 1200, "P1' OR 1=1"]);
    expect(keysetCondition('name', undefined, params)).toBe('');
  });
});

describe('search filters', () => {
  it('builds one flag per filter, its values as parameters in order', () => {
    const params = new SqlParams('t1');
    const flags = filterFlags(request({ category: 'tops', minPrice: 100, maxPrice: 900, inStock: false, options: [{ name: 'size', values: ['M', 'XL'] }] }), params);
    expect(flags.map((f) => f.name)).toEqual(['m_cat', 'm_price', 'm_stock', 'm_opt_0']);
    expect(params.values).toEqual(['t1', 'tops', 100, 900, 'size', ['m', 'xl']]);
    expect(flags.find((f) => f.name === 'm_price')!.sql).toBe('p.price >= $3 AND p.price <= $4');
    expect(flags.find((f) => f.name === 'm_stock')!.sql).toBe('NOT p.in_stock');
    expect(flags.find((f) => f.name === 'm_opt_0')).toMatchObject({ option: 'size' });
    for (const flag of flags) expect(flag.sql).not.toMatch(/tops|'size'|\bxl\b/);
  });

  it('takes a price bound alone, and at most the first values of an option', () => {
    const params = new SqlParams('t1');
    const values = Array.from({ length: MAX_OPTION_VALUES + 3 }, (_, i) => `V${i}`);
    const flags = filterFlags(request({ maxPrice: 500, options: [{ name: 'color', values }] }), params);
    expect(flags.map((f) => f.sql)[0]).toBe('p.price <= $2');
    expect(params.values[3]).toEqual(values.slice(0, MAX_OPTION_VALUES).map((v) => v.toLowerCase()));
  });

  it('makes no flag without filters, and leaves a facet its own filter out', () => {
    expect(filterFlags(request(), new SqlParams('t1'))).toEqual([]);
    expect(allFlags([])).toBe('true');
    const flags = filterFlags(request({ category: 'tops', inStock: true }), new SqlParams('t1'));
    expect(allFlags(flags)).toBe('m_cat AND m_stock');
    expect(allFlags(flags, (f) => f.name === 'm_cat')).toBe('m_stock');
  });

  it('takes letters and digits of the query as words, and refuses a q without any, naming q', () => {
    expect(searchWords(request())).toEqual([]);
    expect(searchWords(request({ q: "Hood' OR 1=1 --" }))).toEqual(['hood', 'or', '1', '1']);
    expect(refusedFields(() => searchWords(request({ q: "';--" })))).toEqual(['q']);
  });

  it('makes every word a prefix or one of its close catalog words, all required', () => {
    expect(tsqueryOf(['hodie', 'zip'], [{ query: 'hodie', word: 'hoodie' }, { query: 'hodie', word: 'hood' }])).toBe('(hodie:* | hoodie | hood) & (zip:*)');
  });
});

describe('search facets', () => {
  it('groups option values by option and lists every price bucket', () => {
    const facets = facetsOf({
      categories: [],
      options: [
        { nameKey: 'size', name: 'Size', value: 'M', count: 2 },
        { nameKey: 'color', name: 'Color', value: 'Red', count: 1 },
        { nameKey: 'size', name: 'Size', value: 'L', count: 1 },
      ],
      prices: [{ bucket: 2, count: 3 }],
      availability: { inStock: 2, outOfStock: 1 },
    });
    expect(facets.options).toEqual([
      { name: 'Size', values: [{ value: 'M', count: 2 }, { value: 'L', count: 1 }] },
      { name: 'Color', values: [{ value: 'Red', count: 1 }] },
    ]);
    expect(facets.price[0]).toEqual({ min: 0, max: 999, count: 0 });
    expect(facets.price[1]).toEqual({ min: 1000, max: 2499, count: 3 });
    expect(facets.price[facets.price.length - 1]).toEqual({ min: 50000, count: 0 });
  });
});
