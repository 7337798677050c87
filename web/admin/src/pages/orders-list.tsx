import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { unwrap } from '../../../shared/api/client';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { Table, Td, Th } from '../../../shared/ui/table';
import { ListFilter, ListPage } from '../list-page';
import { firstPage } from '../paging';
import { ORDER_STATUSES } from '../router';
import { StatusBadge } from '../status-badge';
import { t } from '../strings';

const routeApi = getRouteApi('/app/orders');

function OrdersList() {
  const { api, config } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/orders' });
  const query = useQuery({
    queryKey: ['orders', search.status, search.cursor],
    queryFn: async () => unwrap(await api.GET('/orders', { params: { query: { status: search.status && [search.status], cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <ListPage
      title={t('orders.title')}
      query={query}
      search={search}
      go={(next) => void navigate({ search: next })}
      empty={search.status ? t('orders.emptyFiltered') : t('orders.empty')}
      filters={
        <ListFilter
          id="order-status"
          label={t('orders.status')}
          value={search.status}
          onChange={(status) => void navigate({ search: { ...firstPage(search), status } })}
          options={ORDER_STATUSES.map((status) => ({ value: status, label: status.replace(/_/g, ' ') }))}
        />
      }
    >
      {(page) => (
        <Table label={t('orders.table')}>
          <thead>
            <tr>
              <Th>{t('orders.code')}</Th>
              <Th>{t('orders.status')}</Th>
              <Th>{t('orders.placed')}</Th>
              <Th>{t('orders.customer')}</Th>
              <Th className="text-right">{t('orders.items')}</Th>
              <Th className="text-right">{t('orders.total')}</Th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((order) => (
              <tr key={order.code}>
                <Td>
                  <Link to="/orders/$code" params={{ code: order.code }} className="font-medium text-blue-800 underline dark:text-blue-300">
                    {order.code}
                  </Link>
                </Td>
                <Td>
                  <StatusBadge status={order.attributes.status} />
                </Td>
                <Td className="whitespace-nowrap">{formatDateTime(order.attributes.placedAt ?? order.createdAt ?? order.updatedAt, config.timeZone)}</Td>
                <Td>{order.attributes.customerEmail ?? order.attributes.customerId}</Td>
                <Td className="text-right">{order.attributes.items.reduce((sum, line) => sum + line.quantity, 0)}</Td>
                <Td className="text-right whitespace-nowrap">{formatMoney(order.attributes.total)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </ListPage>
  );
}

export const route = createLazyRoute('/app/orders')({ component: OrdersList });
