/**
 * The products list: search, category, stock and state filters and the sort live in the URL
 * (validated in router.tsx), so a reload, a shared link or the back button shows the same list.
 * With any of them the API serves the list from its read model; plain lists read the products.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { unwrap } from '../../../shared/api/client';
import { formatMoney } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { DataTable } from '../../../shared/ui/data-table';
import { Input, Label } from '../../../shared/ui/field';
import { ListFilter, ListPage } from '../list-page';
import { firstPage } from '../paging';
import { PRODUCT_SORTS, type ProductsSearch } from '../router';
import { may } from '../permissions';
import { t } from '../strings';

const routeApi = getRouteApi('/app/products');

const SORT_LABELS: Record<(typeof PRODUCT_SORTS)[number], Parameters<typeof t>[0]> = {
  name: 'products.sortName',
  '-name': 'products.sortNameDesc',
  price: 'products.sortPrice',
  '-price': 'products.sortPriceDesc',
  updatedAt: 'products.sortUpdated',
  '-updatedAt': 'products.sortUpdatedDesc',
  stock: 'products.sortStock',
  '-stock': 'products.sortStockDesc',
};

/** The text box updates the URL when the user stops typing (or presses Enter), not on every key. */
function SearchBox({ value, onSearch }: { value: string | undefined; onSearch: (q: string | undefined) => void }) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  useEffect(() => {
    if (draft.trim() === (value ?? '')) return;
    const timer = setTimeout(() => onSearch(draft.trim() || undefined), 400);
    return () => clearTimeout(timer);
  }, [draft, value, onSearch]);
  return (
    <form role="search" className="flex flex-col gap-1.5" onSubmit={(e) => (e.preventDefault(), onSearch(draft.trim() || undefined))}>
      <Label htmlFor="product-search">{t('products.search')}</Label>
      <Input id="product-search" type="search" value={draft} maxLength={100} placeholder={t('products.searchHint')} onChange={(e) => setDraft(e.target.value)} className="min-w-56" />
    </form>
  );
}

function ProductsList() {
  const { api, roles } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/products' });
  const go = (next: ProductsSearch) => void navigate({ search: next });
  const filter = (change: Partial<ProductsSearch>) => go({ ...firstPage(search), ...change });
  const categories = useQuery({
    queryKey: ['categories', 'all'],
    queryFn: async () => unwrap(await api.GET('/categories', { params: { query: { limit: 100, sort: 'name' } } })),
    staleTime: 60_000,
  });
  const query = useQuery({
    queryKey: ['products', search],
    queryFn: async () => {
      const { q, category, stock, state, sort, cursor } = search;
      const active = state === undefined ? undefined : state === 'active' ? 'true' : 'false';
      return unwrap(await api.GET('/products', { params: { query: { q, category, stock, active, sort, cursor } } }));
    },
    placeholderData: keepPreviousData,
  });
  return (
    <ListPage
      title={t('products.title')}
      query={query}
      search={search}
      go={go}
      empty={t('products.empty')}
      filters={
        <div className="flex flex-wrap items-end gap-3">
          <SearchBox value={search.q} onSearch={(q) => filter({ q })} />
          <ListFilter
            id="product-category"
            label={t('products.category')}
            value={search.category}
            onChange={(category) => filter({ category })}
            options={(categories.data?.items ?? []).map((c) => ({ value: c.code, label: c.name ?? c.code }))}
          />
          <ListFilter
            id="product-stock"
            label={t('products.stock')}
            value={search.stock}
            onChange={(stock) => filter({ stock })}
            options={[
              { value: 'in', label: t('products.stockIn') },
              { value: 'low', label: t('products.stockLow') },
              { value: 'out', label: t('products.stockOut') },
            ]}
          />
          <ListFilter
            id="product-state"
            label={t('products.active')}
            value={search.state}
            onChange={(state) => filter({ state })}
            options={[
              { value: 'active', label: t('products.activeOnly') },
              { value: 'inactive', label: t('products.inactiveOnly') },
            ]}
          />
          <ListFilter
            id="product-sort"
            label={t('products.sort')}
            value={search.sort}
            onChange={(sort) => filter({ sort })}
            allLabel={t('products.sortCode')}
            options={PRODUCT_SORTS.map((sort) => ({ value: sort, label: t(SORT_LABELS[sort]) }))}
          />
          {may(roles, 'catalog.write') && (
            <Link to="/products/new" className="inline-flex min-h-10 items-center rounded-md bg-blue-700 px-4 text-sm font-medium text-white hover:bg-blue-800 dark:bg-blue-300 dark:text-gray-950">
              {t('products.new')}
            </Link>
          )}
          {may(roles, 'catalog.write') && (
            <Link to="/products/bulk" search={{}} className="inline-flex min-h-10 items-center rounded-md border border-gray-300 px-4 text-sm font-medium text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100">
              {t('bulk.open')}
            </Link>
          )}
        </div>
      }
    >
      {(page) => (
        <DataTable
          label={t('products.table')}
          rows={page.items}
          rowKey={(product) => product.code}
          columns={[
            {
              header: t('products.code'),
              className: 'font-medium',
              cell: (product) => (
                <Link to="/products/$code" params={{ code: product.code }} className="text-blue-800 underline dark:text-blue-300">
                  {product.code}
                </Link>
              ),
            },
            { header: t('products.name'), cell: (product) => product.name },
            { header: t('products.sku'), cell: (product) => product.attributes.sku },
            { header: t('products.variants'), numeric: true, cell: (product) => product.attributes.variants.length },
            { header: t('products.price'), numeric: true, className: 'whitespace-nowrap', cell: (product) => formatMoney(product.attributes.price) },
            { header: t('products.state'), cell: (product) => (product.attributes.active ? <Badge tone="success">{t('products.isActive')}</Badge> : <Badge>{t('products.isInactive')}</Badge>) },
          ]}
        />
      )}
    </ListPage>
  );
}

export const route = createLazyRoute('/app/products')({ component: ProductsList });
