/**
 * The catalog: search results (/search) and a category's products (/categories/$code) are one
 * page over GET /search/products, every filter in the URL; "load more" follows the API's cursor.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { Button } from '../../../shared/ui/button';
import { Input, Label } from '../../../shared/ui/field';
import { Select } from '../../../shared/ui/select';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { ProductCard, type Hit } from '../product-card';
import { SORTS, type CatalogSearch } from '../router';
import { useStore } from '../shopping-cart';
import { t } from '../strings';

type Result = Schemas['SearchResult'] & { items: Hit[]; suggestions?: string[] };
type Category = Schemas['Category'];

/** The currency's minor digits (USD 2, JPY 0): the price inputs take major units, the API minor ones. */
const minorDigits = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function useCategories() {
  const { api } = useStore();
  return useQuery({ queryKey: ['categories'], queryFn: async () => unwrap(await api.GET('/categories', { params: { query: { limit: 100 } } })).items, staleTime: 300_000 });
}

function CategoryTree({ categories, active, parent, search }: { categories: Category[]; active?: string; parent?: string; search: CatalogSearch }) {
  const children = categories.filter((c) => c.attributes.parentCode === parent && c.attributes.active);
  if (!children.length) return null;
  return (
    <ul className={parent ? 'ml-3 border-l border-gray-200 pl-2 dark:border-gray-700' : ''}>
      {children.map((c) => (
        <li key={c.code}>
          <Link
            to="/categories/$code"
            params={{ code: c.code }}
            search={{ q: search.q }}
            aria-current={c.code === active ? 'page' : undefined}
            className="block rounded px-2 py-1 text-sm hover:bg-gray-100 aria-[current=page]:font-semibold aria-[current=page]:underline dark:hover:bg-gray-800"
          >
            {c.name ?? c.code}
          </Link>
          <CategoryTree categories={categories} active={active} parent={c.code} search={search} />
        </li>
      ))}
    </ul>
  );
}

function Catalog({ category }: { category?: string }) {
  const { api, shop } = useStore();
  const search = (category ? getRouteApi('/categories/$code') : getRouteApi('/search')).useSearch() as CatalogSearch;
  const navigate = useNavigate();
  const categories = useCategories();
  const query = { ...search, category, limit: 24 };
  const results = useInfiniteQuery({
    queryKey: ['search', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/search/products', { params: { query: { ...query, cursor: pageParam } as { q?: string } } })) as Result,
    getNextPageParam: (page) => page.cursor,
  });
  const change = (next: Partial<CatalogSearch>) =>
    void navigate({ to: '.', search: (previous: CatalogSearch) => ({ ...previous, ...next }), replace: false });
  const first = results.data?.pages[0];
  const hits = results.data?.pages.flatMap((page) => page.items) ?? [];
  const title = category ? (categories.data?.find((c) => c.code === category)?.name ?? category) : search.q ? t('catalog.searchTitle', { q: search.q }) : t('catalog.title');
  const filtered = Object.entries(search).some(([name, value]) => name !== 'q' && name !== 'sort' && value !== undefined);

  return (
    <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
      <aside className="flex flex-col gap-6" aria-label={t('catalog.filters')}>
        <nav aria-label={t('catalog.categories')}>
          <h2 className="mb-2 font-semibold">{t('catalog.categories')}</h2>
          <Link to="/search" search={{ q: search.q }} className="mb-1 block rounded px-2 py-1 text-sm hover:bg-gray-100 dark:hover:bg-gray-800">
            {t('catalog.allCategories')}
          </Link>
          {categories.data && <CategoryTree categories={categories.data} active={category} search={search} />}
        </nav>
        <PriceFilter key={`${search.minPrice}-${search.maxPrice}`} search={search} currency={shop.currency} onApply={change} />
        {first && first.facets.availability && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4" checked={search.inStock === 'true'} onChange={(event) => change({ inStock: event.target.checked ? 'true' : undefined })} />
            {t('catalog.inStock', { count: first.facets.availability.inStock })}
          </label>
        )}
        {first?.facets.options.map((option) => {
          const key = `option.${option.name}` as const;
          const chosen = search[key]?.split(',') ?? [];
          return (
            <fieldset key={option.name}>
              <legend className="mb-1 font-semibold capitalize">{option.name}</legend>
              {option.values.map((value) => (
                <label key={value.value} className="flex items-center gap-2 py-0.5 text-sm">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={chosen.includes(value.value)}
                    onChange={(event) => {
                      const next = event.target.checked ? [...chosen, value.value] : chosen.filter((v) => v !== value.value);
                      change({ [key]: next.length ? next.join(',') : undefined });
                    }}
                  />
                  {value.value} ({value.count})
                </label>
              ))}
            </fieldset>
          );
        })}
        {filtered && (
          <Link to="." search={{ q: search.q, sort: search.sort }} className="text-sm text-blue-800 underline dark:text-blue-300">
            {t('catalog.clear')}
          </Link>
        )}
      </aside>
      <section aria-labelledby="catalog-title" className="min-w-0">
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 id="catalog-title" className="text-2xl font-semibold">
              {title}
            </h1>
            {first && <p className="text-sm text-gray-700 dark:text-gray-300">{t('catalog.count', { count: first.total })}</p>}
          </div>
          <div className="flex items-center gap-2">
            <Label htmlFor="catalog-sort">{t('catalog.sort')}</Label>
            <Select id="catalog-sort" label={t('catalog.sort')} value={search.sort ?? 'relevance'} onValueChange={(sort) => change({ sort: sort === 'relevance' ? undefined : (sort as CatalogSearch['sort']) })} options={SORTS.map((value) => ({ value, label: t(`catalog.sort.${value}`) }))} />
          </div>
        </div>
        {first?.suggestions?.length ? (
          <p className="mb-4">
            {t('catalog.didYouMean')}{' '}
            {first.suggestions.map((word, i) => (
              <span key={word}>
                {i > 0 && ', '}
                <Link to="/search" search={{ ...search, q: word }} className="font-semibold text-blue-800 underline dark:text-blue-300">
                  {word}
                </Link>
              </span>
            ))}
            ?
          </p>
        ) : null}
        {results.isPending ? (
          <LoadingRows label={t('catalog.loading')} rows={4} />
        ) : results.isError ? (
          <ErrorState title={t('catalog.error')} onRetry={() => void results.refetch()} retryLabel={t('common.retry')} />
        ) : hits.length === 0 ? (
          <EmptyState title={t('catalog.empty')}>{t('catalog.emptyHint')}</EmptyState>
        ) : (
          <>
            <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-label={t('catalog.title')}>
              {hits.map((hit) => (
                <ProductCard key={hit.code} hit={hit} />
              ))}
            </ul>
            {results.hasNextPage && (
              <div className="mt-6 text-center">
                <Button variant="secondary" disabled={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
                  {t('catalog.loadMore')}
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}

/** From and to in the shop currency's major units; the URL keeps minor units, as the API does. */
function PriceFilter({ search, currency, onApply }: { search: CatalogSearch; currency: string; onApply: (next: Partial<CatalogSearch>) => void }) {
  const scale = 10 ** minorDigits(currency);
  const [min, setMin] = useState(search.minPrice !== undefined ? String(search.minPrice / scale) : '');
  const [max, setMax] = useState(search.maxPrice !== undefined ? String(search.maxPrice / scale) : '');
  const toMinor = (value: string) => (value.trim() === '' || Number.isNaN(Number(value)) ? undefined : Math.max(0, Math.round(Number(value) * scale)));
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const [low, high] = [toMinor(min), toMinor(max)];
        onApply({ minPrice: low, maxPrice: high !== undefined && low !== undefined && high < low ? low : high });
      }}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-semibold">
          {t('catalog.price')} ({currency})
        </legend>
        <div className="flex gap-2">
          <div className="flex flex-col gap-1">
            <Label htmlFor="price-min">{t('catalog.minPrice')}</Label>
            <Input id="price-min" inputMode="decimal" value={min} onChange={(event) => setMin(event.target.value)} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="price-max">{t('catalog.maxPrice')}</Label>
            <Input id="price-max" inputMode="decimal" value={max} onChange={(event) => setMax(event.target.value)} />
          </div>
        </div>
      </fieldset>
      <Button type="submit" variant="secondary">
        {t('catalog.applyPrice')}
      </Button>
    </form>
  );
}

export const route = createLazyRoute('/search')({ component: () => <Catalog /> });
export const categoryRoute = createLazyRoute('/categories/$code')({ component: CategoryCatalog });

function CategoryCatalog() {
  const { code } = getRouteApi('/categories/$code').useParams();
  return <Catalog key={code} category={code} />;
}
