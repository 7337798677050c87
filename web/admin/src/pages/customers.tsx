/**
 * Customers: the list (GET /customers: search, status, orders, marketing consent, sort; all in the
 * URL) and one customer (profile, lifetime value, last and recent orders; disable / enable). A
 * customer known only from orders has no profile yet: listed, but no detail to open (the API's 404).
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { Button } from '../../../shared/ui/button';
import { DataTable } from '../../../shared/ui/data-table';
import { Field, Input } from '../../../shared/ui/field';
import { useToast } from '../../../shared/ui/toast';
import { Card, detailStates, FormProblem, linkClass, useFormAction } from '../edit-form';
import { ListFilter, ListPage } from '../list-page';
import { firstPage } from '../paging';
import { SortFilter } from '../sort-filter';
import { CUSTOMER_SORTS, CUSTOMER_STATUSES, type CustomerSearch } from '../router';
import { StatusBadge } from '../status-badge';
import { t, type Strings } from '../strings';

const list = getRouteApi('/app/customers');
const detail = getRouteApi('/app/customers/$id');

const lifetime = (values: Schemas['MoneyDto'][]) => (values.length ? values.map((money) => formatMoney(money)).join(' + ') : '—');
const StateBadge = ({ status }: { status: 'active' | 'disabled' }) => <Badge tone={status === 'active' ? 'success' : 'danger'}>{t(`customers.${status}`)}</Badge>;
const SORT_LABELS: Record<(typeof CUSTOMER_SORTS)[number], keyof Strings> = { createdAt: 'customers.sortCreatedAt', lastOrderAt: 'customers.sortLastOrderAt', lifetimeValue: 'customers.sortLifetimeValue' };

/** The URL keeps yes/no filters as booleans; the API and the select take them as text. */
const asText = (value?: boolean) => (value === undefined ? undefined : value ? 'true' : 'false');
const asBoolean = (value?: string) => (value === undefined ? undefined : value === 'true');

function SearchBox({ value, onSearch }: { value?: string; onSearch: (q: string | undefined) => void }) {
  const form = useForm({ values: { q: value ?? '' } });
  return (
    <form role="search" className="flex items-end gap-2" onSubmit={form.handleSubmit(({ q }) => onSearch(q.trim() || undefined))}>
      <Field label={t('customers.search')}>{(control) => <Input {...control} type="search" minLength={2} {...form.register('q')} />}</Field>
      <Button type="submit" variant="secondary">
        {t('customers.searchSubmit')}
      </Button>
    </form>
  );
}

function CustomersList() {
  const { api, config } = list.useRouteContext();
  const search = list.useSearch();
  const navigate = useNavigate({ from: '/customers' });
  const go = (next: CustomerSearch) => void navigate({ search: next });
  const filter = <K extends keyof CustomerSearch>(key: K) => (value: CustomerSearch[K]) => go({ ...firstPage(search), [key]: value });
  const query = useQuery({
    queryKey: ['customers', search],
    queryFn: async () => unwrap(await api.GET('/customers', { params: { query: { q: search.q, status: search.status, hasOrders: asText(search.hasOrders), marketingConsent: asText(search.marketingConsent), sort: search.sort, cursor: search.cursor } } })),
    placeholderData: keepPreviousData,
  });
  const yesNo = [
    { value: 'true', label: t('yes') },
    { value: 'false', label: t('no') },
  ];
  return (
    <ListPage
      title={t('customers.title')}
      query={query}
      search={search}
      go={go}
      empty={t('customers.empty')}
      filters={
        <div className="flex flex-wrap items-end gap-3">
          <SearchBox value={search.q} onSearch={filter('q')} />
          <ListFilter id="customer-status" label={t('customers.status')} value={search.status} onChange={filter('status')} options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customers.${s}`) }))} />
          <ListFilter id="customer-orders" label={t('customers.hasOrders')} value={asText(search.hasOrders)} onChange={(v) => filter('hasOrders')(asBoolean(v))} options={[{ value: 'true', label: t('customers.withOrders') }, { value: 'false', label: t('customers.withoutOrders') }]} />
          <ListFilter id="customer-marketing" label={t('customers.marketing')} value={asText(search.marketingConsent)} onChange={(v) => filter('marketingConsent')(asBoolean(v))} options={yesNo} />
          <SortFilter id="customer-sort" label={t('customers.sort')} value={search.sort} onChange={filter('sort')} options={CUSTOMER_SORTS.map((s) => ({ value: s, label: t(SORT_LABELS[s]) }))} />
        </div>
      }
    >
      {(page) => (
        <DataTable
          label={t('customers.table')}
          rows={page.items}
          rowKey={(c) => c.id}
          columns={[
            {
              header: t('customers.name'),
              cell: (c) => (
                <>
                  {c.hasProfile ? (
                    <Link to="/customers/$id" params={{ id: c.id }} className={linkClass}>
                      {c.name ?? c.email ?? c.id}
                    </Link>
                  ) : (
                    <span>
                      {c.name ?? c.email ?? c.id} <span className="text-xs text-gray-700 dark:text-gray-300">({t('customers.noProfile')})</span>
                    </span>
                  )}
                  {c.name && c.email && <div className="text-xs text-gray-700 dark:text-gray-300">{c.email}</div>}
                </>
              ),
            },
            { header: t('customers.status'), cell: (c) => <StateBadge status={c.status} /> },
            { header: t('customers.ordersCount'), numeric: true, cell: (c) => c.ordersCount },
            { header: t('customers.lifetimeValue'), numeric: true, className: 'whitespace-nowrap', cell: (c) => lifetime(c.lifetimeValue) },
            {
              header: t('customers.lastOrder'),
              className: 'whitespace-nowrap',
              cell: (c) =>
                c.lastOrder ? (
                  <Link to="/orders/$code" params={{ code: c.lastOrder.code }} className={linkClass}>
                    {c.lastOrder.code}
                  </Link>
                ) : (
                  '—'
                ),
            },
            { header: t('customers.since'), className: 'whitespace-nowrap', cell: (c) => formatDateTime(c.createdAt, config.timeZone) },
          ]}
        />
      )}
    </ListPage>
  );
}

function CustomerDetail() {
  const { api, config } = detail.useRouteContext();
  const { id } = detail.useParams();
  const queryClient = useQueryClient();
  const toast = useToast();
  const when = (iso: string) => formatDateTime(iso, config.timeZone);
  const query = useQuery({ queryKey: ['customer', id], queryFn: async () => unwrap(await api.GET('/customers/{id}', { params: { path: { id } } })) });
  const form = useForm<{ status: 'active' | 'disabled' }>();
  const status = useFormAction(
    form,
    ['status'],
    async ({ variables, idempotencyKey }: { variables: { status: 'active' | 'disabled'; expectedVersion: number }; idempotencyKey: string }) =>
      unwrap(await api.PATCH('/customers/{id}', { params: { path: { id } }, headers: { 'Idempotency-Key': idempotencyKey }, body: variables })),
    (saved) => {
      toast({ title: saved.status === 'disabled' ? t('customer.disabledNow') : t('customer.enabledNow'), tone: 'info' });
      void queryClient.invalidateQueries({ queryKey: ['customer', id] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  );
  const back = (
    <Link to="/customers" search={{}} className="text-sm text-blue-800 underline dark:text-blue-300">
      ← {t('customer.back')}
    </Link>
  );
  const pending = detailStates(query, back, t('customer.notFound', { id }));
  if (pending !== undefined || !query.data) return pending;
  const c = query.data;
  const consent = c.marketingConsent;
  const disabled = c.status === 'disabled';
  return (
    <>
      {back}
      <div className="mt-2 mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{c.name ?? c.email ?? c.id}</h1>
        <StateBadge status={c.status} />
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-4 lg:col-span-2">
          <Card title={t('customer.orders')}>
            <DataTable
              label={t('customer.orders')}
              rows={c.recentOrders}
              rowKey={(order) => order.code}
              empty={t('customer.noOrders')}
              columns={[
                {
                  header: t('coupon.order'),
                  cell: (order) => (
                    <Link to="/orders/$code" params={{ code: order.code }} className={linkClass}>
                      {order.code}
                    </Link>
                  ),
                },
                { header: t('customers.status'), cell: (order) => <StatusBadge status={order.status} /> },
                { header: t('customer.placed'), className: 'whitespace-nowrap', cell: (order) => when(order.placedAt) },
                { header: t('customer.total'), numeric: true, className: 'whitespace-nowrap', cell: (order) => formatMoney(order.total) },
              ]}
            />
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <Card title={t('customer.profile')}>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm break-words">
              <dt>{t('customer.email')}</dt>
              <dd className="min-w-0">
                {c.email ?? '—'} {c.emailVerified && <Badge tone="success">{t('customer.verified')}</Badge>}
              </dd>
              <dt>{t('customer.phone')}</dt>
              <dd>{c.phone ?? '—'}</dd>
              <dt>{t('customer.marketing')}</dt>
              <dd>{consent ? t(consent.granted ? 'customer.marketingGranted' : 'customer.marketingWithdrawn', { source: consent.source, at: when(consent.at) }) : t('customer.none')}</dd>
              <dt>{t('customers.ordersCount')}</dt>
              <dd>{c.ordersCount}</dd>
              <dt>{t('customers.lifetimeValue')}</dt>
              <dd>{lifetime(c.lifetimeValue)}</dd>
              <dt>{t('customers.lastOrder')}</dt>
              <dd>{c.lastOrder ? `${c.lastOrder.code}, ${when(c.lastOrder.placedAt)}` : '—'}</dd>
              <dt>{t('customers.since')}</dt>
              <dd>{when(c.createdAt)}</dd>
              {c.notes && (
                <>
                  <dt>{t('customer.notes')}</dt>
                  <dd>{c.notes}</dd>
                </>
              )}
            </dl>
          </Card>
          <Card title={t('customers.status')}>
            <div className="flex flex-col items-start gap-2">
              <FormProblem problem={status.problem} onReload={() => (status.clearProblem(), void query.refetch())} />
              <p className="text-sm">{t('customer.disableHint')}</p>
              <Button variant={disabled ? 'primary' : 'danger'} disabled={status.isPending} onClick={() => status.act({ status: disabled ? 'active' : 'disabled', expectedVersion: c.version })}>
                {disabled ? t('customer.enable') : t('customer.disable')}
              </Button>
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}

export const listRoute = createLazyRoute('/app/customers')({ component: CustomersList });
export const detailRoute = createLazyRoute('/app/customers/$id')({ component: CustomerDetail });
