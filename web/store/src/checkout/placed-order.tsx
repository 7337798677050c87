/**
 * The checkout after "place": the cart became an order. Waits for the stream to hold the stock
 * (pending → awaiting_payment, or cancelled with the lines that were short), starts the payment and
 * hands the shopper to the provider, and — back from the provider's page — asks the provider once
 * and follows the payment until it is authorized (then the confirmation) or failed (try again).
 * The hold's countdown says how long the items stay reserved.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { unwrap } from '../../../shared/api/client';
import { useAction } from '../../../shared/api/use-action';
import { formatMoney } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { cartHeaders, forgetCart, type CartRef } from '../cart-store';
import type { CheckoutSearch } from '../router';
import { t } from '../strings';
import { type Cart, placing, useStore } from './cart-api';
import { explain } from './explain';
import { nextStep, returnUrl, type NextStep, type Payment } from './payment-adapters';
import { Notice, remaining } from './parts';
import { StripePayment } from './stripe';

/** Set by "place" in this tab: start the payment as soon as the order awaits it. */
let startWhenReady = false;
export const startPaymentWhenReady = () => (startWhenReady = true);

const OPEN = new Set(['confirmed', 'processing', 'partially_shipped', 'shipped', 'delivered', 'completed']);

export function PlacedOrder({ cartRef, cart, search }: { cartRef: CartRef; cart: Cart; search: CheckoutSearch }) {
  const { api, shop } = useStore();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const path = { id: cartRef.id };
  const headers = cartHeaders(cartRef);
  const returned = search.payment !== undefined;
  const [waiting, setWaiting] = useState<NextStep>();

  const order = useQuery({
    queryKey: ['checkout', cartRef.id, 'order'],
    queryFn: async () => unwrap(await api.GET('/carts/{id}/order', { params: { path }, headers })),
    refetchInterval: (query) => (query.state.data?.attributes.status === 'pending' || query.state.data?.attributes.status === 'awaiting_payment' ? 1500 : false),
  });
  const status = order.data?.attributes.status;
  const payments = useQuery({
    queryKey: ['checkout', cartRef.id, 'payments'],
    enabled: status === 'awaiting_payment',
    queryFn: async () => unwrap(await api.GET('/carts/{id}/payments', { params: { path }, headers })).items,
    refetchInterval: (query) => (query.state.data?.[0]?.attributes.state === 'created' ? 1500 : false),
  });
  const newest: Payment | undefined = payments.data?.[0];

  const start = useAction<void, Payment>(
    async ({ idempotencyKey }) =>
      unwrap(
        await api.POST('/carts/{id}/payments', {
          params: { path },
          headers: { ...headers, 'Idempotency-Key': idempotencyKey },
          // Where the provider's page sends the shopper back (this step).
          body: { returnUrl: returnUrl('/checkout?step=payment') },
        }),
      ),
    {
      onSuccess: (payment) => {
        const step = nextStep(payment);
        if (step.kind === 'redirect') location.assign(step.url);
        else setWaiting(step);
        void queryClient.invalidateQueries({ queryKey: ['checkout', cartRef.id, 'payments'] });
      },
    },
  );
  // Back from the provider's page: ask the provider now rather than wait for its webhook.
  const refresh = useAction<string, Payment>(async ({ variables: code, idempotencyKey }) =>
    unwrap(await api.POST('/carts/{id}/payments/{code}/refresh', { params: { path: { id: cartRef.id, code } }, headers: { ...headers, 'Idempotency-Key': idempotencyKey }, body: {} })),
    { onSettled: () => void queryClient.invalidateQueries({ queryKey: ['checkout', cartRef.id, 'payments'] }) },
  );
  const refreshed = useRef(false);
  useEffect(() => {
    if (returned && !refreshed.current) {
      refreshed.current = true;
      refresh.act(search.payment!);
    }
  }, [returned, search.payment, refresh]);

  useEffect(() => {
    if (status === 'awaiting_payment' && startWhenReady && order.data?.attributes.checkout?.paymentKind !== 'offline') {
      startWhenReady = false;
      start.act();
    }
  }, [status, order.data, start]);

  // Paid (or an offline method placed it): the order page is the confirmation; the cart is done.
  const placed = order.data && (OPEN.has(order.data.attributes.status) || (status === 'awaiting_payment' && order.data.attributes.checkout?.paymentKind === 'offline'));
  useEffect(() => {
    if (placed && order.data) {
      forgetCart(shop.tenant);
      placing.forget(shop.tenant);
      void navigate({ to: '/orders/$code', params: { code: order.data.code }, search: { placed: true }, replace: true });
    }
  }, [placed, order.data, navigate, shop.tenant]);

  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  if (order.isError) return <Notice tone="error">{explain(order.error)}</Notice>;
  if (!order.data || status === 'pending' || placed) return <Notice>{t('checkout.placing')}</Notice>;
  const a = order.data.attributes;
  if (status === 'cancelled') {
    const names = (skus: string[] | undefined) => (skus ?? []).map((sku) => cart.lines.find((line) => line.sku === sku)?.name ?? sku).join(', ');
    return (
      <Notice tone="error" title={t('order.status.cancelled')}>
        {a.cancelReason === 'out_of_stock' || a.cancelReason === 'held_limit'
          ? t('checkout.outOfStock', { lines: names(a.outOfStockSkus ?? a.heldLimitSkus) })
          : a.cancelReason === 'payment_timeout'
            ? t('checkout.holdEnded')
            : a.cancelReason === 'coupon_unavailable'
              ? t('checkout.couponUnavailable')
              : t('order.status.cancelled')}
      </Notice>
    );
  }
  const total = formatMoney(a.total, shop.locale);
  const state = newest?.attributes.state;
  const failed = state === 'failed' || start.isError;
  const needsAction = state === 'created' && (newest?.attributes.actionRequired || (returned && search.outcome === 'requires_action'));
  // Waiting on the provider: back from its page, or a provider with no page of its own (the local PSP).
  const checking = start.isPending || state === 'authorized' || (!failed && !needsAction && state === 'created' && (returned || waiting?.kind === 'wait'));
  return (
    <div className="flex flex-col gap-4">
      {a.holdUntil && <Notice tone="warning">{t('checkout.hold', { time: remaining(a.holdUntil, now) })}</Notice>}
      {start.isError && <Notice tone="error">{explain(start.error)}</Notice>}
      {state === 'failed' && <Notice tone="error">{t('checkout.declined')}</Notice>}
      {needsAction && <Notice tone="warning">{t('checkout.requiresAction')}</Notice>}
      {waiting?.kind === 'stripe' ? (
        <StripePayment publishableKey={shop.payment.stripePublishableKey} clientSecret={waiting.clientSecret} returnTo={returnUrl('/checkout?step=payment')} label={t('checkout.payNow', { total })} />
      ) : checking ? (
        <Notice>{start.isPending ? t('checkout.toPayment') : t('checkout.checking')}</Notice>
      ) : (
        <div>
          <Button onClick={() => start.act()} disabled={start.isPending}>
            {failed || needsAction ? t('checkout.tryAgain') : t('checkout.payNow', { total })}
          </Button>
        </div>
      )}
    </div>
  );
}
