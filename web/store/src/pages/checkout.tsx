/**
 * Checkout in steps, the step in the URL (`?step=`: back and reload work): email or sign in,
 * shipping address, shipping method, payment, review and place. A step further than what the cart
 * holds shows the first one still missing. Once placed, the cart is an order: the payment part
 * (checkout/placed-order.tsx) follows it to the confirmation, which is the order page.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError, fieldErrors } from '../../../shared/api/errors';
import { formatMoney, type Money } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { AddressForm, type AddressChoice } from '../checkout/address-form';
import { type Cart, cartKey, placing, useCart, useCartChange, useStore } from '../checkout/cart-api';
import { explain } from '../checkout/explain';
import { PlacedOrder, startPaymentWhenReady } from '../checkout/placed-order';
import { Address, LineItems, Notice, Section, Totals } from '../checkout/parts';
import { cartHeaders, currentCart, onCartChange, type CartRef } from '../cart-store';
import { rememberOrderToken } from '../order-access';
import { CHECKOUT_STEPS, type CheckoutStep } from '../router';
import { t } from '../strings';

const routeApi = getRouteApi('/checkout');

/** The payment method chosen at the payment step, kept for the tab (it is sent with "place"). */
const payKey = (cartId: string) => `shopstream.store.pay.${cartId}`;

function Checkout() {
  const { shop } = useStore();
  const stored = useSyncExternalStore(onCartChange, () => JSON.stringify(currentCart(shop.tenant) ?? placing.get(shop.tenant) ?? null));
  const cartRef = useMemo(() => (JSON.parse(stored) as CartRef | null) ?? undefined, [stored]);
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t('checkout.title')}</h1>
      {cartRef ? <CheckoutOf cartRef={cartRef} /> : <NoCart />}
    </>
  );
}

function NoCart() {
  return (
    <EmptyState title={t('checkout.noCart')}>
      <Link to="/search" search={{}} className="text-blue-800 underline dark:text-blue-300">
        {t('checkout.toCatalog')}
      </Link>
    </EmptyState>
  );
}

function CheckoutOf({ cartRef }: { cartRef: CartRef }) {
  const cart = useCart(cartRef);
  const search = routeApi.useSearch();
  if (cart.isPending) return <LoadingRows label={t('checkout.loading')} rows={6} />;
  if (cart.isError) {
    if (cart.error instanceof ApiError && cart.error.status === 404) return <NoCart />;
    return <ErrorState title={t('checkout.loadFailed')} message={explain(cart.error)} onRetry={() => void cart.refetch()} retryLabel={t('checkout.retry')} />;
  }
  const data = cart.data;
  if (data.status === 'converted') {
    return (
      <Layout cart={data}>
        <Section title={t('checkout.step.payment')}>
          <PlacedOrder cartRef={cartRef} cart={data} search={search} />
        </Section>
      </Layout>
    );
  }
  if (data.lines.length === 0) return <NoCart />;
  return <Steps cartRef={cartRef} cart={data} />;
}

function Layout({ cart, children }: { cart: Cart; children: React.ReactNode }) {
  const { shop } = useStore();
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="flex min-w-0 flex-col gap-4 lg:col-span-2">{children}</div>
      <Section title={t('checkout.summary')}>
        <LineItems className="mb-4" locale={shop.locale} lines={cart.lines.map((line) => ({ key: line.lineId, name: line.name, options: line.options as Record<string, string>, quantity: line.quantity, total: line.total }))} />
        <CartTotals cart={cart} />
      </Section>
    </div>
  );
}

function CartTotals({ cart }: { cart: Cart }) {
  const { shop } = useStore();
  return (
    <Totals
      locale={shop.locale}
      rows={[
        [t('checkout.subtotal'), cart.subtotal],
        [t('checkout.discount'), cart.discount as Money | undefined],
        [t('checkout.shipping'), cart.shipping as Money | undefined],
        [cart.taxIncluded ? t('checkout.taxIncluded') : t('checkout.tax'), cart.tax as Money | undefined],
      ]}
      total={[t('checkout.total'), cart.total]}
    />
  );
}

/** The first step the cart does not hold yet (review when it holds everything). */
function firstMissing(cart: Cart, signedIn: boolean, payment: string | null): CheckoutStep {
  if (!signedIn && !cart.email) return 'email';
  if (!cart.shippingAddress) return 'address';
  if (!cart.shippingMethodCode) return 'shipping';
  if (!payment) return 'payment';
  return 'review';
}

function Steps({ cartRef, cart }: { cartRef: CartRef; cart: Cart }) {
  const { session } = useStore();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const [payment, setPayment] = useState(() => sessionStorage.getItem(payKey(cart.id)));
  const missing = firstMissing(cart, session.signedIn, payment);
  const index = (step: CheckoutStep) => CHECKOUT_STEPS.indexOf(step);
  const step = search.step && index(search.step) <= index(missing) ? search.step : missing;
  const go = (to: CheckoutStep) => void navigate({ to: '/checkout', search: { step: to } });
  useEffect(() => {
    if (search.step !== step) void navigate({ to: '/checkout', search: { step }, replace: true });
  }, [search.step, step, navigate]);
  const next = () => go(CHECKOUT_STEPS[index(step) + 1]!);
  return (
    <Layout cart={cart}>
      <nav aria-label={t('checkout.steps')}>
        <ol className="flex flex-wrap gap-2 text-sm">
          {CHECKOUT_STEPS.map((s, i) => (
            <li key={s}>
              {i <= index(missing) && s !== step ? (
                <Link to="/checkout" search={{ step: s }} className="text-blue-800 underline dark:text-blue-300">
                  {i + 1}. {t(`checkout.step.${s}`)}
                </Link>
              ) : (
                <span aria-current={s === step ? 'step' : undefined} className={s === step ? 'font-semibold' : 'text-gray-700 dark:text-gray-300'}>
                  {i + 1}. {t(`checkout.step.${s}`)}
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <Section title={t(`checkout.step.${step}`)}>
        <p className="mb-3 text-sm text-gray-700 dark:text-gray-300">{t('checkout.stepOf', { n: index(step) + 1, count: CHECKOUT_STEPS.length })}</p>
        {step === 'email' && <EmailStep cartRef={cartRef} cart={cart} onDone={next} />}
        {step === 'address' && <AddressStep cartRef={cartRef} cart={cart} onDone={next} />}
        {step === 'shipping' && <ShippingStep cartRef={cartRef} cart={cart} onDone={next} />}
        {step === 'payment' && (
          <PaymentStep
            chosen={payment}
            onDone={(method) => {
              sessionStorage.setItem(payKey(cart.id), method);
              setPayment(method);
              go('review');
            }}
          />
        )}
        {step === 'review' && payment && <ReviewStep cartRef={cartRef} cart={cart} payment={payment} onEdit={go} />}
      </Section>
    </Layout>
  );
}

function EmailStep({ cartRef, cart, onDone }: { cartRef: CartRef; cart: Cart; onDone: () => void }) {
  const { session } = useStore();
  const save = useCartChange<string>(cartRef, async ({ api, path, headers }, email) => unwrap(await api.PUT('/carts/{id}/email', { params: { path }, headers, body: { email } })), onDone);
  if (session.signedIn) {
    return (
      <div className="flex flex-col gap-3">
        <p>{t('checkout.signedInAs', { email: session.claims?.email ?? '' })}</p>
        <div>
          <Button onClick={onDone}>{t('checkout.continue')}</Button>
        </div>
      </div>
    );
  }
  const errors = fieldErrors(save.error);
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        save.act(String(new FormData(event.currentTarget).get('email') ?? '').trim());
      }}
    >
      <Field label={t('checkout.email')} hint={t('checkout.emailHint')} error={errors.email}>
        {(control) => <Input {...control} name="email" type="email" autoComplete="email" required defaultValue={cart.email ?? ''} />}
      </Field>
      {save.isError && !errors.email && <Notice tone="error">{explain(save.error)}</Notice>}
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={save.isPending}>
          {t('checkout.continue')}
        </Button>
        <a href="/account/sign-in?redirect=/checkout" className="text-sm text-blue-800 underline dark:text-blue-300">
          {t('checkout.orSignIn')}
        </a>
      </div>
    </form>
  );
}

function AddressStep({ cartRef, cart, onDone }: { cartRef: CartRef; cart: Cart; onDone: () => void }) {
  const { session } = useStore();
  const save = useCartChange<AddressChoice>(cartRef, async ({ api, path, headers }, choice) => unwrap(await api.PUT('/carts/{id}/addresses', { params: { path }, headers, body: choice })), onDone);
  return (
    <>
      <AddressForm current={cart.shippingAddress} signedIn={session.signedIn} error={save.error} pending={save.isPending} onSubmit={(choice) => save.act(choice)} />
      {save.isError && Object.keys(fieldErrors(save.error)).length === 0 && (
        <div className="mt-3">
          <Notice tone="error">{explain(save.error)}</Notice>
        </div>
      )}
    </>
  );
}

function ShippingStep({ cartRef, cart, onDone }: { cartRef: CartRef; cart: Cart; onDone: () => void }) {
  const { api, shop } = useStore();
  const options = useQuery({
    queryKey: ['checkout', cart.id, 'shipping-options', cart.version],
    queryFn: async () => unwrap(await api.GET('/carts/{id}/shipping-options', { params: { path: { id: cart.id } }, headers: cartHeaders(cartRef) })).options,
  });
  const [picked, setPicked] = useState(cart.shippingMethodCode);
  const save = useCartChange<string>(cartRef, async ({ api, path, headers }, methodCode) => unwrap(await api.PUT('/carts/{id}/shipping-method', { params: { path }, headers, body: { methodCode } })), onDone);
  if (options.isPending) return <LoadingRows label={t('checkout.loading')} rows={2} />;
  if (options.isError) {
    const none = options.error instanceof ApiError && options.error.reason === 'no_shipping_method';
    return <Notice tone="error">{none ? t('checkout.noMethod', { reason: options.error.message }) : explain(options.error)}</Notice>;
  }
  const chosen = picked ?? options.data[0]?.methodCode;
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) save.act(chosen);
      }}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="sr-only">{t('checkout.methods')}</legend>
        {options.data.map((option) => (
          <label key={option.methodCode} className="flex items-center justify-between gap-3 rounded-md border border-gray-300 p-3 text-sm dark:border-gray-600">
            <span className="flex items-center gap-2">
              <input type="radio" name="method" value={option.methodCode} checked={chosen === option.methodCode} onChange={() => setPicked(option.methodCode)} />
              {option.methodName}
            </span>
            <span className="tabular-nums">{formatMoney(option.amount as Money, shop.locale)}</span>
          </label>
        ))}
      </fieldset>
      {save.isError && <Notice tone="error">{fieldErrors(save.error).methodCode ?? explain(save.error)}</Notice>}
      <div>
        <Button type="submit" disabled={save.isPending || !chosen}>
          {t('checkout.continue')}
        </Button>
      </div>
    </form>
  );
}

function PaymentStep({ chosen, onDone }: { chosen: string | null; onDone: (method: string) => void }) {
  const { shop } = useStore();
  const { onlineMethods, offlineMethods } = shop.payment;
  const choices = [
    ...onlineMethods.map((method) => ({ method, label: t('checkout.pay.online'), hint: undefined, instructions: undefined })),
    ...offlineMethods.map(({ code, name, kind, instructions }) => ({ method: code, label: name, hint: t(`checkout.pay.${kind}`), instructions })),
  ];
  const [picked, setPicked] = useState(chosen ?? choices[0]?.method);
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (picked) onDone(picked);
      }}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="sr-only">{t('checkout.payWith')}</legend>
        {choices.map((choice) => (
          <label key={choice.method} className="flex items-start gap-2 rounded-md border border-gray-300 p-3 text-sm dark:border-gray-600">
            <input type="radio" name="payment" className="mt-1" value={choice.method} checked={picked === choice.method} onChange={() => setPicked(choice.method)} />
            <span>
              {choice.label}
              {choice.hint && <span className="block text-gray-700 dark:text-gray-300">{choice.hint}</span>}
              {choice.instructions && picked === choice.method && <span className="mt-1 block whitespace-pre-line">{choice.instructions}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <div>
        <Button type="submit" disabled={!picked}>
          {t('checkout.continue')}
        </Button>
      </div>
    </form>
  );
}

type CompleteRefusal = Schemas['ErrorResponse'];

function ReviewStep({ cartRef, cart, payment, onEdit }: { cartRef: CartRef; cart: Cart; payment: string; onEdit: (step: CheckoutStep) => void }) {
  const { shop } = useStore();
  const queryClient = useQueryClient();
  const online = !shop.payment.offlineMethods.some((m) => m.code === payment);
  const money = (value: unknown) => formatMoney(value as Money, shop.locale);
  const nameOf = (sku: string) => cart.lines.find((line) => line.sku === sku)?.name ?? sku;
  const place = useCartChange<void>(cartRef, async ({ api, path, headers }) => {
    placing.remember(shop.tenant, cartRef);
    const order = unwrap(await api.POST('/carts/{id}/complete', { params: { path }, headers, body: { expectedVersion: cart.version, paymentMethod: payment } }));
    if (order.orderToken) rememberOrderToken(shop.tenant, order.code, order.orderToken);
    if (online) startPaymentWhenReady();
    return unwrap(await api.GET('/carts/{id}', { params: { path }, headers: cartHeaders(cartRef) }));
  });
  const reprice = useCartChange<void>(cartRef, async ({ api, path, headers }) => unwrap(await api.POST('/carts/{id}/reprice', { params: { path }, headers, body: {} })), () => place.reset());
  const removeCoupon = useCartChange<string>(cartRef, async ({ api, path, headers }, code) => unwrap(await api.DELETE('/carts/{id}/coupons/{code}', { params: { path: { ...path, code } }, headers })), () => place.reset());
  const refusal = place.error instanceof ApiError ? (place.error.body as CompleteRefusal) : undefined;
  useEffect(() => {
    // A stale version: someone changed the cart (another tab); show the newest before asking again.
    if (place.error instanceof ApiError && place.error.status === 409 && !place.error.reason) void queryClient.invalidateQueries({ queryKey: cartKey(cartRef) });
  }, [place.error, queryClient, cartRef]);
  const changes = refusal?.reason === 'prices_changed' ? (refusal.lines ?? []) : cart.priceChanges;
  const blocking = cart.problems.filter((p) => !p.field.startsWith('priceChanges'));
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div>
          <h3 className="text-sm font-semibold">{t('checkout.step.email')}</h3>
          <p className="text-sm break-all">{cart.email}</p>
          <Button variant="ghost" className="px-0 underline" onClick={() => onEdit('email')} aria-label={`${t('checkout.edit')}: ${t('checkout.step.email')}`}>
            {t('checkout.edit')}
          </Button>
        </div>
        <div>
          <h3 className="text-sm font-semibold">{t('checkout.step.address')}</h3>
          {cart.shippingAddress && <Address address={cart.shippingAddress} />}
          <Button variant="ghost" className="px-0 underline" onClick={() => onEdit('address')} aria-label={`${t('checkout.edit')}: ${t('checkout.step.address')}`}>
            {t('checkout.edit')}
          </Button>
        </div>
        <div>
          <h3 className="text-sm font-semibold">{t('checkout.step.shipping')}</h3>
          <p className="text-sm">{(cart.shippingMethod as Schemas['CartShippingMethod'] | undefined)?.name ?? cart.shippingMethodCode}</p>
          <Button variant="ghost" className="px-0 underline" onClick={() => onEdit('shipping')} aria-label={`${t('checkout.edit')}: ${t('checkout.step.shipping')}`}>
            {t('checkout.edit')}
          </Button>
        </div>
      </div>
      {changes.length > 0 && (
        <Notice tone="warning" title={t('checkout.pricesChanged')}>
          <ul className="list-disc pl-5">
            {changes.map((change) => (
              <li key={change.lineId}>{t('checkout.priceLine', { name: nameOf(change.sku), from: money(change.reviewed), to: money(change.current) })}</li>
            ))}
          </ul>
          {refusal?.reviewedTotal && refusal.currentTotal && <p className="mt-1">{t('checkout.totalChanged', { from: money(refusal.reviewedTotal), to: money(refusal.currentTotal) })}</p>}
          <Button className="mt-3" onClick={() => reprice.act()} disabled={reprice.isPending}>
            {t('checkout.acceptPrices')}
          </Button>
        </Notice>
      )}
      {refusal?.reason === 'coupon_unavailable' && (
        <Notice tone="error" title={t('checkout.couponUnavailable')}>
          <ul className="flex flex-col gap-2">
            {(refusal.coupons ?? []).map((coupon) => (
              <li key={coupon.code} className="flex flex-wrap items-center gap-2">
                {t('checkout.couponLine', { code: coupon.code, message: coupon.message })}
                <Button variant="secondary" onClick={() => removeCoupon.act(coupon.code)} disabled={removeCoupon.isPending}>
                  {t('checkout.removeCoupon', { code: coupon.code })}
                </Button>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {blocking.length > 0 && (
        <Notice tone="error">
          <ul className="list-disc pl-5">
            {blocking.map((problem) => {
              const line = /^lines\.(\d+)/.exec(problem.field);
              return <li key={problem.field + problem.problem}>{t('checkout.problem', { field: line ? (cart.lines[Number(line[1])]?.name ?? problem.field) : problem.field, problem: problem.problem })}</li>;
            })}
          </ul>
          <Link to="/cart" className="mt-2 inline-block underline">
            {t('checkout.backToCart')}
          </Link>
        </Notice>
      )}
      {place.isError && refusal?.reason !== 'prices_changed' && refusal?.reason !== 'coupon_unavailable' && <Notice tone="error">{explain(place.error)}</Notice>}
      {(reprice.isError || removeCoupon.isError) && <Notice tone="error">{explain(reprice.error ?? removeCoupon.error)}</Notice>}
      <div>
        <Button onClick={() => place.act()} disabled={place.isPending || changes.length > 0 || blocking.length > 0}>
          {place.isPending ? t('checkout.placing') : t(online ? 'checkout.place' : 'checkout.placeOffline', { total: money(cart.total) })}
        </Button>
      </div>
    </div>
  );
}

export const route = createLazyRoute('/checkout')({ component: Checkout });
