/**
 * One order: lines and totals with the rules behind them, the customer and addresses, the payment
 * ledger, shipments, returns and the history as a timeline; the actions the state machine allows
 * and the role may take (order-actions.tsx); the mails sent about it (GET /notifications?orderCode=)
 * for roles that read the outbox.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';
import { formatDateTime, formatMoney, type Money } from '../../../shared/format';
import { Badge } from '../../../shared/ui/badge';
import { DataTable } from '../../../shared/ui/data-table';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { MailsTable } from '../mails-table';
import { captureLagging, payingPayment, refundable } from '../order-figures';
import { may } from '../permissions';
import { QueryState } from '../query-state';
import { StatusBadge } from '../status-badge';
import { OrderActions, ReturnActions } from './order-actions';
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
  const { api, config, roles } = routeApi.useRouteContext();
  const { code } = routeApi.useParams();
  const queryClient = useQueryClient();
  const order = useQuery({ queryKey: ['order', code], queryFn: async () => unwrap(await api.GET('/orders/{code}', { params: { path: { code } } })) });
  const history = useQuery({ queryKey: ['order', code, 'history'], queryFn: async () => unwrap(await api.GET('/orders/{code}/history', { params: { path: { code } } })) });
  const payments = useQuery({
    queryKey: ['order', code, 'payments'],
    queryFn: async () => unwrap(await api.GET('/orders/{code}/payments', { params: { path: { code } } })),
    // Read again each second (for at most a minute) while a shipment's capture is still on its way.
    refetchInterval: (query) => {
      const paid = order.data && query.state.data && payingPayment(order.data.attributes, query.state.data.items);
      return order.data && paid && captureLagging(order.data.attributes, paid.attributes) && query.state.dataUpdateCount < 60 ? 1000 : false;
    },
  });
  const returns = useQuery({ queryKey: ['order', code, 'returns'], queryFn: async () => unwrap(await api.GET('/orders/{code}/returns', { params: { path: { code } } })) });
  const readsMails = may(roles, 'customers.read');
  // An order has a handful of mails (one per status and payment change): one page of 100 holds them.
  const mails = useQuery({ queryKey: ['order', code, 'mails'], enabled: readsMails, queryFn: async () => unwrap(await api.GET('/notifications', { params: { query: { orderCode: code, limit: 100 } } })) });
  const when = (iso: string) => formatDateTime(iso, config.timeZone);
  // After a change or a 409: the order and everything hanging off it, read again (the lists too).
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['order', code] });
    void queryClient.invalidateQueries({ queryKey: ['orders'] });
  };
  const context = { api, roles, reload };

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
  const paying = payments.data && payingPayment(a, payments.data.items);
  const money = (amount: number) => formatMoney({ amount, currency: a.total.currency });
  const checkout = a.checkout;
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
          <Card title={t('order.actions')}>
            {payments.isPending ? <LoadingRows label={t('common.loading')} rows={1} /> : <OrderActions order={order.data} refundable={paying ? refundable(paying.attributes) : 0} context={context} />}
          </Card>
          <Card title={t('order.lines')}>
            <DataTable
              label={t('order.lines')}
              rows={a.items}
              rowKey={(line) => line.sku}
              columns={[
                {
                  header: t('order.product'),
                  cell: (line) => (
                    <>
                      {line.name ?? line.productCode}
                      {line.options && Object.keys(line.options).length > 0 && <div className="text-xs text-gray-700 dark:text-gray-300">{Object.entries(line.options).map(([k, v]) => `${k}: ${v}`).join(', ')}</div>}
                      {line.discount && line.discount.amount > 0 && <div className="text-xs text-gray-700 dark:text-gray-300">{t('order.lineDiscount', { amount: formatMoney(line.discount) })}</div>}
                      {line.tax && (
                        <div className="text-xs text-gray-700 dark:text-gray-300">{t('order.lineTax', { amount: formatMoney(line.tax), rate: `${(line.taxRateBps ?? 0) / 100}%`, rule: line.taxRule ?? '' })}</div>
                      )}
                    </>
                  ),
                },
                { header: t('order.sku'), cell: (line) => line.sku },
                { header: t('order.quantity'), numeric: true, cell: (line) => line.quantity },
                { header: t('order.unitPrice'), numeric: true, className: 'whitespace-nowrap', cell: (line) => formatMoney(line.unitPrice) },
                { header: t('order.lineTotal'), numeric: true, className: 'whitespace-nowrap', cell: (line) => formatMoney(line.lineTotal) },
              ]}
            />
          </Card>
          <Card title={t('order.payments')}>
            <QueryState query={payments} rows={2}>
              {({ items }) =>
                items.length ? (
                  items.map((payment) => (
                    <div key={payment.code} className="mb-3">
                      <p className="mb-1 flex flex-wrap items-center gap-2 text-sm font-medium">
                        {payment.code} · {payment.attributes.provider} · {formatMoney(payment.attributes.amount)} <Badge>{payment.attributes.state.replace(/_/g, ' ')}</Badge>
                      </p>
                      <p className="mb-2 text-sm">{t('order.refundable', { amount: money(refundable(payment.attributes)) })}</p>
                      {payment.attributes.needsReview && <p className="mb-2 text-sm font-medium text-red-800 dark:text-red-300">{t('order.needsReview')}</p>}
                      <DataTable
                        label={t('order.ledger', { code: payment.code })}
                        rows={payment.attributes.transactions}
                        rowKey={(line, i) => `${line.eventId ?? ''}${i}`}
                        columns={[
                          { header: t('order.ledgerKind'), cell: (line) => line.kind },
                          { header: t('order.ledgerAmount'), numeric: true, className: 'whitespace-nowrap', cell: (line) => formatMoney(line.amount) },
                          { header: t('order.ledgerState'), cell: (line) => line.state },
                          { header: t('order.ledgerWhy'), cell: (line) => [line.purpose, line.reason, line.problem].filter(Boolean).join(' · ') },
                          { header: t('order.ledgerAt'), className: 'whitespace-nowrap', cell: (line) => when(line.at) },
                        ]}
                      />
                    </div>
                  ))
                ) : (
                  <p className="text-sm">{t('order.noPayments')}</p>
                )
              }
            </QueryState>
          </Card>
          <Card title={t('order.shipments')}>
            {a.shipments?.length ? (
              <ol className="flex flex-col gap-2 text-sm">
                {a.shipments.map((shipment) => (
                  <li key={shipment.id}>
                    <p className="font-medium">
                      {shipment.id}: {t('order.shipmentLine', { carrier: shipment.carrier, tracking: shipment.trackingNumber, at: when(shipment.shippedAt) })}
                    </p>
                    <p>{shipment.lines.map((line) => `${line.sku} × ${line.quantity}`).join(', ')}</p>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm">{t('order.noShipments')}</p>
            )}
          </Card>
          <Card title={t('order.returns')}>
            <QueryState query={returns} rows={1}>
              {({ items }) =>
                items.length ? (
                  <ul className="flex flex-col gap-3 text-sm">
                    {items.map((item) => (
                      <li key={item.code}>
                        <p className="flex flex-wrap items-center gap-2 font-medium">
                          {t('order.returnTitle', { code: item.code })} <Badge>{item.attributes.state}</Badge>
                        </p>
                        <p>
                          {item.attributes.lines.map((line) => `${line.sku} × ${line.quantity}`).join(', ')} · {item.attributes.reason}
                        </p>
                        {item.attributes.refundAmount && <p>{t('order.returnRefund', { amount: formatMoney(item.attributes.refundAmount) })}</p>}
                        <ReturnActions item={item} context={context} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm">{t('order.noReturns')}</p>
                )
              }
            </QueryState>
          </Card>
          <Card title={t('order.history')}>
            <QueryState query={history}>
              {({ versions }) => (
                <ol className="flex flex-col gap-3 border-l-2 border-gray-300 pl-4 dark:border-gray-600">
                  {versions.map((entry) => (
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
            </QueryState>
          </Card>
          {readsMails && (
            <Card title={t('order.mails')}>
              <QueryState query={mails}>{({ items }) => (items.length ? <MailsTable mails={[...items].sort((x, y) => x.createdAt.localeCompare(y.createdAt))} timeZone={config.timeZone} /> : <EmptyState title={t('order.noMails')} />)}</QueryState>
            </Card>
          )}
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
            {checkout && (
              <>
                <h3 className="mt-4 mb-1 text-sm font-semibold">{t('order.rules')}</h3>
                <ul className="flex list-disc flex-col gap-1 pl-5 text-sm">
                  {checkout.coupons?.map((coupon) => (
                    <li key={coupon.code}>{t('order.coupon', { code: coupon.code, kind: coupon.kind.replace(/_/g, ' '), amount: coupon.amount ? formatMoney(coupon.amount) : money(0) })}</li>
                  ))}
                  {checkout.shippingMethod && <li>{t('order.shippingMethod', { name: checkout.shippingMethod.name, amount: formatMoney(checkout.shippingMethod.amount) })}</li>}
                  {checkout.rules?.shipping && <li>{t('order.shippingRule', { rule: checkout.rules.shipping })}</li>}
                  {checkout.rules?.tax && checkout.rules.tax.length > 0 && <li>{t('order.taxRule', { codes: checkout.rules.tax.join(', ') })}</li>}
                  {checkout.taxIncluded !== undefined && <li>{checkout.taxIncluded ? t('order.taxIncluded') : t('order.taxExcluded')}</li>}
                  {checkout.reverseCharge && <li>{t('order.reverseCharge', { vatId: checkout.vatId ?? '' })}</li>}
                </ul>
              </>
            )}
          </Card>
          <Card title={t('order.customer')}>
            <p className="text-sm">{a.customerEmail ?? a.customerId}</p>
            {a.guest && <p className="text-sm">{t('order.guest')}</p>}
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
            <Address address={a.shippingAddress} />
          </Card>
          <Card title={t('order.billingAddress')}>{a.checkout?.billingAddress ? <Address address={a.checkout.billingAddress} /> : <p className="text-sm">{t('order.sameAsShipping')}</p>}</Card>
        </div>
      </div>
    </>
  );
}

export const route = createLazyRoute('/app/orders/$code')({ component: OrderDetail });
