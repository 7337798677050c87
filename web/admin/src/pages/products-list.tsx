import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { unwrap } from '../../../shared/api/client';
import { formatMoney } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { Select } from '../../../shared/ui/select';
import { Table, Td, Th } from '../../../shared/ui/table';
import { ListPage } from '../list-page';
import { firstPage } from '../paging';
import { PRODUCT_STATES } from '../router';
import { t } from '../strings';

const routeApi = getRouteApi('/app/products');
const ALL = 'all';

function ProductsList() {
  const { api } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/products' });
  const active = search.state === undefined ? undefined : search.state === 'active' ? 'true' : 'false';
  const query = useQuery({
    queryKey: ['products', search.state, search.cursor],
    queryFn: async () => unwrap(await api.GET('/products', { params: { query: { active, cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <ListPage
      title={t('products.title')}
      query={query}
      search={search}
      go={(next) => void navigate({ search: next })}
      empty={t('products.empty')}
      filters={
        <div className="flex flex-col gap-1.5">
          <label htmlFor="product-state" className="text-sm font-medium">
            {t('products.active')}
          </label>
          <Select
            id="product-state"
            label={t('products.active')}
            value={search.state ?? ALL}
            onValueChange={(value) => void navigate({ search: { ...firstPage(search), state: value === ALL ? undefined : (value as (typeof PRODUCT_STATES)[number]) } })}
            options={[
              { value: ALL, label: t('common.all') },
              { value: 'active', label: t('products.activeOnly') },
              { value: 'inactive', label: t('products.inactiveOnly') },
            ]}
          />
        </div>
      }
    >
      {(page) => (
        <Table label={t('products.table')}>
          <thead>
            <tr>
              <Th>{t('products.code')}</Th>
              <Th>{t('products.name')}</Th>
              <Th>{t('products.sku')}</Th>
              <Th className="text-right">{t('products.variants')}</Th>
              <Th className="text-right">{t('products.price')}</Th>
              <Th>{t('products.state')}</Th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((product) => (
              <tr key={product.code}>
                <Td className="font-medium">{product.code}</Td>
                <Td>{product.name}</Td>
                <Td>{product.attributes.sku}</Td>
                <Td className="text-right">{product.attributes.variants.length}</Td>
                <Td className="text-right whitespace-nowrap">{formatMoney(product.attributes.price)}</Td>
                <Td>{product.attributes.active ? <Badge tone="success">{t('products.isActive')}</Badge> : <Badge>{t('products.isInactive')}</Badge>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </ListPage>
  );
}

export const route = createLazyRoute('/app/products')({ component: ProductsList });
