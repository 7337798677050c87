import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { DataTable, type ColumnSort } from '../../../shared/ui/data-table';
import { Field, Input } from '../../../shared/ui/field';
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
  const query = useQuery({ ...ordersListQuery(api, search, config.timeZone), placeholderData: keepPreviousData });
  // A filter changed: back to the first page, the URL holding the rest.
  const filter = (change: Partial<OrdersSearch>) => void navigate({ search: { ...firstPage(search), ...change } });
  const [text, setText] = useState(search.q ?? '');
  useEffect(() => setText(search.q ?? ''), [search.q]);
  const filtered = Boolean(search.status || search.payment || search.from || search.to || search.q);
  const sortBy = (column: 'createdAt' | 'total' | 'status', title: string): ColumnSort => ({
    sorted: search.sort === column ? 'ascending' : search.sort === `-${column}` ? 'descending' : !search.sort && column === 'createdAt' ? 'ascending' : undefined,
    onSort: () => filter({ sort: toggleSort(search.sort ?? 'createdAt', column) }),
    label: t('orders.sortBy', { column: title }),
  });
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
        <DataTable
          label={t('orders.table')}
          rows={page.items}
          rowKey={(order) => order.code}
          columns={[
            {
              header: t('orders.code'),
              cell: (order) => (
                <Link to="/orders/$code" params={{ code: order.code }} className="font-medium text-blue-800 underline dark:text-blue-300">
                  {order.code}
                </Link>
              ),
            },
            { header: t('orders.status'), sort: sortBy('status', t('orders.status')), cell: (order) => <StatusBadge status={order.attributes.status} /> },
            { header: t('orders.placed'), sort: sortBy('createdAt', t('orders.placed')), className: 'whitespace-nowrap', cell: (order) => formatDateTime(order.attributes.placedAt ?? order.createdAt ?? order.updatedAt, config.timeZone) },
            { header: t('orders.customer'), cell: (order) => order.attributes.customerEmail ?? order.attributes.customerId },
            { header: t('orders.items'), numeric: true, cell: (order) => order.attributes.items.reduce((sum, line) => sum + line.quantity, 0) },
            { header: t('orders.total'), numeric: true, sort: sortBy('total', t('orders.total')), className: 'whitespace-nowrap', cell: (order) => formatMoney(order.attributes.total) },
          ]}
        />
      )}
    </ListPage>
  );
}

export const route = createLazyRoute('/app/orders')({ component: OrdersList });
