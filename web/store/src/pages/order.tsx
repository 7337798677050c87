/**
 * One order for the shopper: a customer's own (bearer), or a guest's with the order link from the
 * mail (`#token=`, kept for the tab and sent as `x-order-token`: order-access.ts). Status, history,
 * shipments with tracking, pay again after a decline, and a return request. Right after checkout
 * (`?placed=true`) it is the confirmation.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';
import { useAction } from '../../../shared/api/use-action';
import { formatDateTime, type Money } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { Field } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { useStore } from '../checkout/cart-api';
import { explain } from '../checkout/explain';
import { nextStep, returnUrl, type Payment } from '../checkout/payment-adapters';
import { Address, LineItems, Notice, Section, Totals } from '../checkout/parts';
import { orderHeaders, orderToken } from '../order-access';
import { t } from '../strings';

const routeApi = getRouteApi('/orders/$code');
type Order = Schemas['Order'];
const RETURNABLE = new Set(['delivered', 'completed']);

function OrderPage() {
  const { api, shop } = useStore();
  const { code } = routeApi.useParams();
  const { placed } = routeApi.useSearch();
  const [token] = useState(() => orderToken(shop.tenant, code));
  const headers = orderHeaders(token);
  const path = { code };
  const order = useQuery({
    queryKey: ['order', code],
    queryFn: async () => unwrap(await api.GET('/orders/{code}', { params: { path }, headers })),
    // Payments and the stream move an open order on their own: follow it while it waits on them.
    refetchInterval: (query) => (['pending', 'awaiting_payment'].includes(query.state.data?.attributes.status ?? '') ? 2000 : false),
  });
  const history = useQuery({ queryKey: ['order', code, 'history', order.data?.version], enabled: order.isSuccess, queryFn: async () => unwrap(await api.GET('/orders/{code}/history', { params: { path }, headers })).versions });
  if (order.isPending) return <LoadingRows label={t('order.loading')} rows={6} />;
  if (order.isError) {
    const status = order.error instanceof ApiError ? order.error.status : 0;
    if (status === 404 || status === 401) return <EmptyState title={t('order.notFound', { code })}>{t('order.needsLink')}</EmptyState>;
    return <ErrorState title={t('order.loading')} message={explain(order.error)} onRetry={() => void order.refetch()} retryLabel={t('checkout.retry')} />;
  }
  const a = order.data.attributes;
  const when = (iso: string) => formatDateTime(iso, shop.timeZone, shop.locale);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('order.title', { code })}</h1>
      {placed && (
        <Notice title={t('order.thanks', { code })}>
          <p>{t(a.guest ? 'order.mailedGuest' : 'order.mailed')}</p>
        </Notice>
      )}
      <p>
        {t('order.status')}: <strong>{t(`order.status.${a.status}`)}</strong>
      </p>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-4 lg:col-span-2">
          {a.status === 'awaiting_payment' && a.checkout?.paymentKind === 'online' && <PayAgain code={code} headers={headers} />}
          {a.checkout?.paymentKind === 'offline' && <OfflineInstructions method={a.paymentMethod} />}
          <Section title={t('order.lines')}>
            <LineItems locale={shop.locale} lines={a.items.map((item) => ({ key: item.sku, name: item.name, options: item.options as Record<string, string> | undefined, quantity: item.quantity, total: item.total ?? item.lineTotal }))} />
            <div className="mt-4">
              <Totals
                locale={shop.locale}
                rows={[
                  [t('checkout.subtotal'), a.subtotal],
                  [t('checkout.discount'), a.discount as Money | undefined],
                  [t('checkout.shipping'), a.shipping as Money | undefined],
                  [a.checkout?.taxIncluded ? t('checkout.taxIncluded') : t('checkout.tax'), a.tax],
                ]}
                total={[t('checkout.total'), a.total]}
              />
            </div>
          </Section>
          <Section title={t('order.shipments')}>
            {(a.shipments ?? []).length === 0 ? (
              <p className="text-sm">{t('order.noShipments')}</p>
            ) : (
              <ul className="flex flex-col gap-1 text-sm">
                {a.shipments!.map((shipment) => (
                  <li key={shipment.id}>
                    {when(shipment.shippedAt)}: {t('order.tracking', { carrier: shipment.carrier, number: shipment.trackingNumber })}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {RETURNABLE.has(a.status) && <Returns order={order.data} headers={headers} />}
        </div>
        <div className="flex flex-col gap-4">
          <Section title={t('checkout.step.address')}>
            <Address address={a.shippingAddress} />
          </Section>
          <Section title={t('order.history')}>
            <ol className="flex flex-col gap-1 text-sm">
              {(history.data ?? []).map((entry) => (
                <li key={entry.version}>{t('order.historyEntry', { status: t(`order.status.${entry.toStatus}`), at: when(entry.at) })}</li>
              ))}
            </ol>
          </Section>
        </div>
      </div>
    </div>
  );
}

/** How to pay an order placed with an offline method, in the shop's words (from the shop's config). */
function OfflineInstructions({ method }: { method: string | undefined }) {
  const { shop } = useStore();
  const offline = shop.payment.offlineMethods.find((m) => m.code === method);
  if (!offline) return null;
  return (
    <Section title={t('order.payWith', { method: offline.name })}>
      <p className="text-sm">{t(`checkout.pay.${offline.kind}`)}</p>
      {offline.instructions && <p className="mt-2 text-sm whitespace-pre-line">{offline.instructions}</p>}
    </Section>
  );
}

/** After a decline the order waits for payment until its hold ends: start another attempt. */
function PayAgain({ code, headers }: { code: string; headers: Record<string, string> }) {
  const { api } = useStore();
  const queryClient = useQueryClient();
  const payments = useQuery({ queryKey: ['order', code, 'payments'], queryFn: async () => unwrap(await api.GET('/orders/{code}/payments', { params: { path: { code } }, headers })).items, refetchInterval: 2000 });
  const pay = useAction<void, Payment>(
    async ({ idempotencyKey }) =>
      unwrap(await api.POST('/orders/{code}/payments', { params: { path: { code } }, headers: { ...headers, 'Idempotency-Key': idempotencyKey }, body: { returnUrl: returnUrl(`/orders/${code}`) } })),
    {
      onSuccess: (payment) => {
        const step = nextStep(payment);
        if (step.kind === 'redirect') location.assign(step.url);
        void queryClient.invalidateQueries({ queryKey: ['order', code] });
      },
    },
  );
  const newest = payments.data?.[0];
  if (newest && newest.attributes.state !== 'failed') return null;
  return (
    <Notice tone="warning" title={newest ? t('order.paymentDeclined') : undefined}>
      {pay.isError && <p className="mb-2">{explain(pay.error)}</p>}
      <Button onClick={() => pay.act()} disabled={pay.isPending}>
        {t('order.payAgain')}
      </Button>
    </Notice>
  );
}

function Returns({ order, headers }: { order: Order; headers: Record<string, string> }) {
  const { api } = useStore();
  const code = order.code;
  const returns = useQuery({ queryKey: ['order', code, 'returns'], queryFn: async () => unwrap(await api.GET('/orders/{code}/returns', { params: { path: { code } }, headers })).items });
  const [problem, setProblem] = useState<string>();
  const ask = useAction<Schemas['CreateReturnDto'], Schemas['Return']>(
    async ({ variables, idempotencyKey }) => unwrap(await api.POST('/orders/{code}/returns', { params: { path: { code } }, headers: { ...headers, 'Idempotency-Key': idempotencyKey }, body: variables })),
    { onSuccess: () => void returns.refetch() },
  );
  const closed = ask.error instanceof ApiError && ask.error.reason === 'return_window_closed';
  return (
    <Section title={t('order.returns')}>
      {(returns.data ?? []).length > 0 && (
        <ul className="mb-4 flex flex-col gap-1 text-sm">
          {returns.data!.map((r) => (
            <li key={r.code}>{t('order.returnState', { code: r.code, state: r.attributes.state })}</li>
          ))}
        </ul>
      )}
      {ask.isSuccess && <Notice>{t('order.returnSent', { code: ask.data.code })}</Notice>}
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const lines = order.attributes.items.map((item) => ({ sku: item.sku, quantity: Number(form.get(`qty-${item.sku}`) ?? 0) })).filter((line) => line.quantity > 0);
          if (lines.length === 0) return setProblem(t('order.returnNone'));
          setProblem(undefined);
          ask.act({ lines, reason: String(form.get('reason') ?? '').trim() });
        }}
      >
        <h3 className="font-semibold">{t('order.return')}</h3>
        {order.attributes.items.map((item) => (
          <Field key={item.sku} label={t('order.returnQuantity', { name: item.name })}>
            {({ invalid, ...control }) => <input {...control} aria-invalid={invalid || undefined} type="number" name={`qty-${item.sku}`} min={0} max={item.quantity} defaultValue={0} className="min-h-10 w-24 rounded-md border border-gray-400 bg-white px-3 text-sm dark:border-gray-500 dark:bg-gray-900" />}
          </Field>
        ))}
        <Field label={t('order.returnReason')} error={ask.error instanceof ApiError ? ask.error.body.fields?.find((f) => f.field === 'reason')?.problem : undefined}>
          {({ invalid, ...control }) => <textarea {...control} aria-invalid={invalid || undefined} name="reason" required rows={3} className="rounded-md border border-gray-400 bg-white px-3 py-2 text-sm dark:border-gray-500 dark:bg-gray-900" />}
        </Field>
        {problem && <Notice tone="error">{problem}</Notice>}
        {ask.isError && <Notice tone="error">{closed ? t('order.returnClosed', { days: (ask.error as ApiError).body.returnWindowDays ?? 0 }) : explain(ask.error)}</Notice>}
        <div>
          <Button type="submit" disabled={ask.isPending}>
            {t('order.sendReturn')}
          </Button>
        </div>
      </form>
    </Section>
  );
}

export const route = createLazyRoute('/orders/$code')({ component: OrderPage });
