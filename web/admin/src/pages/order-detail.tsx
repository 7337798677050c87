/**
 * One order, read-only: lines, totals, addresses, how it is paid and its history. Actions (process,
 * ship, refund, ...) come with the next screens, once staff permissions are in the API.
 */
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';
import { formatDateTime, formatMoney, type Money } from '../../../shared/format';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { Table, Td, Th } from '../../../shared/ui/table';
import { StatusBadge } from '../status-badge';
import { t } from '../strings';

const routeApi = getRouteApi('/app/orders/$code');

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-gray-200 p-4 dark:border-gray-700">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Address({ address }: { address: Schemas['AddressDto'] }) {
  return (
    <address className="text-sm not-italic">
      {[address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, [address.region, address.country].filter(Boolean).join(' ')].filter(Boolean).map((line) => (
        <div key={line}>{line}</div>
      ))}
    </address>
  );
}

function OrderDetail() {
  const { api, config } = routeApi.useRouteContext();
  const { code } = routeApi.useParams();
  const order = useQuery({ queryKey: ['order', code], queryFn: async () => unwrap(await api.GET('/orders/{code}', { params: { path: { code } } })) });
  const history = useQuery({ queryKey: ['order', code, 'history'], queryFn: async () => unwrap(await api.GET('/orders/{code}/history', { params: { path: { code } } })) });
  const when = (iso: string) => formatDateTime(iso, config.timeZone);

  const back = (
    <Link to="/orders" search={{}} className="text-sm text-blue-800 underline dark:text-blue-300">
      ← {t('order.back')}
    </Link>
  );
  if (order.isPending) return <LoadingRows label={t('common.loading')} rows={8} />;
  if (order.isError) {
    return (
      <>
        {back}
        <div className="mt-4">
          {order.error instanceof ApiError && order.error.status === 404 ? (
            <EmptyState title={t('order.notFound', { code })} />
          ) : (
            <ErrorState title={t('common.loadFailed')} message={order.error.message} onRetry={() => void order.refetch()} retryLabel={t('common.retry')} />
          )}
        </div>
      </>
    );
  }
  const { attributes: a } = order.data;
  const totals: [string, Money | undefined][] = [
    [t('order.subtotal'), a.subtotal],
    [t('order.discount'), a.discount],
    [t('order.shipping'), a.shipping],
    [t('order.tax'), a.tax],
  ];
  return (
    <>
      {back}
      <div className="mt-2 mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('order.title', { code })}</h1>
        <StatusBadge status={a.status} />
      </div>
      <p className="mb-4 text-sm text-gray-700 dark:text-gray-300">{t('order.version', { version: order.data.version, at: when(order.data.updatedAt) })}</p>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-4 lg:col-span-2">
          <Card title={t('order.lines')}>
            <Table label={t('order.lines')}>
              <thead>
                <tr>
                  <Th>{t('order.product')}</Th>
                  <Th>{t('order.sku')}</Th>
                  <Th className="text-right">{t('order.quantity')}</Th>
                  <Th className="text-right">{t('order.unitPrice')}</Th>
                  <Th className="text-right">{t('order.lineTotal')}</Th>
                </tr>
              </thead>
              <tbody>
                {a.items.map((line) => (
                  <tr key={line.sku}>
                    <Td>
                      {line.name ?? line.productCode}
                      {line.options && Object.keys(line.options).length > 0 && <div className="text-xs text-gray-700 dark:text-gray-300">{Object.entries(line.options).map(([k, v]) => `${k}: ${v}`).join(', ')}</div>}
                    </Td>
                    <Td>{line.sku}</Td>
                    <Td className="text-right">{line.quantity}</Td>
                    <Td className="text-right whitespace-nowrap">{formatMoney(line.unitPrice)}</Td>
                    <Td className="text-right whitespace-nowrap">{formatMoney(line.lineTotal)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          <Card title={t('order.history')}>
            {history.isPending ? (
              <LoadingRows label={t('common.loading')} rows={3} />
            ) : history.isError ? (
              <ErrorState title={t('common.loadFailed')} message={history.error.message} onRetry={() => void history.refetch()} retryLabel={t('common.retry')} />
            ) : (
              <ol className="flex flex-col gap-3 border-l-2 border-gray-300 pl-4 dark:border-gray-600">
                {history.data.versions.map((entry) => (
                  <li key={entry.version}>
                    <p className="text-sm font-medium">{t('order.historyEntry', { to: entry.toStatus.replace(/_/g, ' '), by: entry.by })}</p>
                    <p className="text-xs text-gray-700 dark:text-gray-300">
                      <time dateTime={entry.at}>{when(entry.at)}</time> · v{entry.version}
                    </p>
                    {entry.reason && <p className="text-sm">{t('order.reason', { reason: entry.reason })}</p>}
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <Card title={t('order.totals')}>
            <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
              {totals.map(([label, money]) =>
                money ? (
                  <div key={label} className="contents">
                    <dt>{label}</dt>
                    <dd className="text-right">{formatMoney(money)}</dd>
                  </div>
                ) : null,
              )}
              <dt className="font-semibold">{t('order.total')}</dt>
              <dd className="text-right font-semibold">{formatMoney(a.total)}</dd>
            </dl>
          </Card>
          <Card title={t('order.payment')}>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt>{t('order.paymentMethod')}</dt>
              <dd>{a.paymentMethod}</dd>
              {a.checkout?.paymentKind && (
                <>
                  <dt>{t('order.paymentKind')}</dt>
                  <dd>{[a.checkout.paymentKind, a.checkout.offlineKind].filter(Boolean).join(', ')}</dd>
                </>
              )}
              {a.trackingNumber && (
                <>
                  <dt>{t('order.tracking')}</dt>
                  <dd>{a.trackingNumber}</dd>
                </>
              )}
            </dl>
          </Card>
          <Card title={t('order.shippingAddress')}>
            <p className="mb-2 text-sm">{a.customerEmail ?? a.customerId}</p>
            <Address address={a.shippingAddress} />
          </Card>
          <Card title={t('order.billingAddress')}>{a.checkout?.billingAddress ? <Address address={a.checkout.billingAddress} /> : <p className="text-sm">{t('order.sameAsShipping')}</p>}</Card>
        </div>
      </div>
    </>
  );
}

export const route = createLazyRoute('/app/orders/$code')({ component: OrderDetail });
