import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import { SortTh, Table, Td, Th } from '../../../shared/ui/table';
import { ListFilter, ListPage } from '../list-page';
import { day, ordersListQuery, PAYMENT_STATES, toggleSort, type OrdersSearch } from '../orders-search';
import { firstPage } from '../paging';
import { ORDER_STATUSES } from '../router';
import { StatusBadge } from '../status-badge';
import { t } from '../strings';

const routeApi = getRouteApi('/app/orders');
const label = (value: string) => value.replace(/_/g, ' ');

function OrdersList() {
  const { api, config } = routeApi.useRouteContext();
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/orders' });
  const query = useQuery({ ...ordersListQuery(api, search), placeholderData: keepPreviousData });
  // A filter changed: back to the first page, the URL holding the rest.
  const filter = (change: Partial<OrdersSearch>) => void navigate({ search: { ...firstPage(search), ...change } });
  const [text, setText] = useState(search.q ?? '');
  useEffect(() => setText(search.q ?? ''), [search.q]);
  const filtered = Boolean(search.status || search.payment || search.from || search.to || search.q);
  const sortable = (column: 'createdAt' | 'total' | 'status', title: string, className?: string) => (
    <SortTh
      className={className}
      sorted={search.sort === column ? 'ascending' : search.sort === `-${column}` ? 'descending' : !search.sort && column === 'createdAt' ? 'ascending' : undefined}
      onSort={() => filter({ sort: toggleSort(search.sort ?? 'createdAt', column) })}
      sortLabel={t('orders.sortBy', { column: title })}
    >
      {title}
    </SortTh>
  );
  return (
    <ListPage
      title={t('orders.title')}
      query={query}
      search={search}
      go={(next) => void navigate({ search: next })}
      empty={!filtered ? t('orders.empty') : search.payment || search.from || search.to || search.q ? t('orders.emptySearch') : t('orders.emptyFiltered')}
      filters={
        <div className="flex w-full flex-wrap items-end gap-3">
          <form
            role="search"
            className="flex items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              filter({ q: text.trim() || undefined });
            }}
          >
            <Field label={t('orders.search')} hint={t('orders.searchHint')}>
              {(control) => <Input {...control} type="search" value={text} maxLength={100} onChange={(event) => setText(event.target.value)} className="w-64 max-w-full" />}
            </Field>
            <Button type="submit" variant="secondary" className="mb-5">
              {t('orders.searchSubmit')}
            </Button>
          </form>
          <ListFilter id="order-status" label={t('orders.status')} value={search.status} onChange={(status) => filter({ status })} options={ORDER_STATUSES.map((value) => ({ value, label: label(value) }))} />
          <ListFilter id="order-payment" label={t('orders.payment')} value={search.payment} onChange={(payment) => filter({ payment })} options={PAYMENT_STATES.map((value) => ({ value, label: label(value) }))} />
          <Field label={t('orders.from')}>{(control) => <Input {...control} type="date" value={search.from ?? ''} max={search.to} onChange={(event) => filter({ from: day(event.target.value) })} className="w-40" />}</Field>
          <Field label={t('orders.to')}>{(control) => <Input {...control} type="date" value={search.to ?? ''} min={search.from} onChange={(event) => filter({ to: day(event.target.value) })} className="w-40" />}</Field>
          {filtered && (
            <Button variant="ghost" onClick={() => void navigate({ search: search.sort ? { sort: search.sort } : {} })}>
              {t('orders.clear')}
            </Button>
          )}
        </div>
      }
    >
      {(page) => (
        <Table label={t('orders.table')}>
          <thead>
            <tr>
              <Th>{t('orders.code')}</Th>
              {sortable('status', t('orders.status'))}
              {sortable('createdAt', t('orders.placed'))}
              <Th>{t('orders.customer')}</Th>
              <Th className="text-right">{t('orders.items')}</Th>
              {sortable('total', t('orders.total'), 'text-right')}
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
