import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { unwrap } from '../../../shared/api/client';
import { formatMoney } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { Table, Td, Th } from '../../../shared/ui/table';
import { ListFilter, ListPage } from '../list-page';
import { firstPage } from '../paging';
import { t } from '../strings';

const routeApi = getRouteApi('/app/products');

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
        <ListFilter
          id="product-state"
          label={t('products.active')}
          value={search.state}
          onChange={(state) => void navigate({ search: { ...firstPage(search), state } })}
          options={[
            { value: 'active', label: t('products.activeOnly') },
            { value: 'inactive', label: t('products.inactiveOnly') },
          ]}
        />
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
