/**
 * The cart's parts, shared by the cart page and the drawer: lines (quantity, remove), coupons,
 * price changes to accept, problems in words, and totals with tax and shipping explained.
 */
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { unwrap, type Schemas } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { Button } from '../../shared/ui/button';
import { Field, Input } from '../../shared/ui/field';
import { errorText } from './error-text';
import { Thumbnail, type Hit, useMoney } from './product-card';
import { imageOfSku, useProductsBySku } from './products-by-sku';
import { keyed, useCartAction, type Cart } from './shopping-cart';
import { t, type Strings } from './strings';

type Line = Schemas['CartLine'];

const COUPON_REASONS = ['unknown', 'inactive', 'not_yet_valid', 'expired', 'minimum_not_met', 'exhausted', 'already_used', 'exclusive_conflict', 'currency'] as const;

/** A coupon refusal (`<reason>: <message>`, as the API words it in a 400 or a cart problem) in the shopper's words. */
export function couponReason(problem: string): string {
  const reason = COUPON_REASONS.find((r) => problem.startsWith(`${r}:`) || problem.includes(`: ${r}:`));
  return reason ? t(`coupon.${reason}` as keyof Strings) : t('coupon.generic');
}

/** Each `problems` entry the API documents, in a sentence; anything else gets a general one (never a raw code). */
export function problemText(problem: Schemas['FieldProblem']): string {
  if (problem.field === 'lines') return t('cart.problem.lineUnavailable');
  if (problem.field === 'shippingMethod') return t('cart.problem.shippingMethod');
  if (problem.field === 'coupons') return t('coupon.problem', { code: problem.problem.split(':')[0], reason: couponReason(problem.problem) });
  return t('cart.problem.generic');
}

export function CartLines({ cart, compact }: { cart: Cart; compact?: boolean }) {
  const products = useProductsBySku(cart.lines.map((line) => line.sku));
  return (
    <ul className="flex flex-col divide-y divide-gray-200 dark:divide-gray-700" aria-label={t('cart.title')}>
      {cart.lines.map((line) => (
        <CartLineRow key={line.lineId} cart={cart} line={line} compact={compact} product={products.get(line.sku)} />
      ))}
    </ul>
  );
}

function CartLineRow({ cart, line, compact, product }: { cart: Cart; line: Line; compact?: boolean; product?: Hit }) {
  const money = useMoney();
  const [quantity, setQuantity] = useState(String(line.quantity));
  const change = useCartAction<number>(async (api, ref, next) =>
    unwrap(await api.PATCH('/carts/{id}/lines/{lineId}', { params: { path: { id: ref.id, lineId: line.lineId }, header: keyed(ref.key) }, headers: ref.headers, body: { quantity: next, expectedVersion: cart.version } })),
  );
  const remove = useCartAction<void>(async (api, ref) =>
    unwrap(await api.DELETE('/carts/{id}/lines/{lineId}', { params: { path: { id: ref.id, lineId: line.lineId }, query: { expectedVersion: cart.version }, header: keyed(ref.key) }, headers: ref.headers })),
  );
  const options = Object.values((line.options ?? {}) as Record<string, string>).join(' / ');
  const failed = change.error ?? remove.error;
  return (
    <li className="flex flex-wrap items-start gap-3 py-3">
      <Thumbnail image={imageOfSku(product, line.sku)} sizes="64px" className="size-16 shrink-0 rounded bg-gray-100 dark:bg-gray-800" />
      <div className="min-w-0 flex-1">
        <Link to="/products/$code" params={{ code: line.productCode }} className="font-medium hover:underline">
          {line.name}
        </Link>
        {options && <p className="text-sm text-gray-700 dark:text-gray-300">{options}</p>}
        <p className="text-sm">
          {line.quantity} × {line.unitPrice ? money(line.unitPrice) : ''}
        </p>
        {!line.available && <p className="text-sm font-medium text-red-800 dark:text-red-300">{t('cart.unavailable')}</p>}
      </div>
      {!compact && (
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const next = Math.floor(Number(quantity));
            if (next >= 1 && next !== line.quantity) change.act(next);
          }}
        >
          <div className="w-20">
            <label className="sr-only" htmlFor={`qty-${line.lineId}`}>
              {t('cart.quantity', { name: line.name })}
            </label>
            <Input id={`qty-${line.lineId}`} type="number" min={1} value={quantity} onChange={(event) => setQuantity(event.target.value)} />
          </div>
          <Button type="submit" variant="secondary" disabled={change.isPending}>
            {t('cart.update')}
          </Button>
        </form>
      )}
      <div className="flex flex-col items-end gap-1">
        <span className="font-semibold">{line.total ? money(line.total) : ''}</span>
        <Button variant="ghost" aria-label={t('cart.remove', { name: line.name })} disabled={remove.isPending} onClick={() => remove.act(undefined)}>
          {t('cart.removeShort')}
        </Button>
      </div>
      {failed && (
        <p role="alert" className="w-full text-sm text-red-800 dark:text-red-300">
          {failed instanceof ApiError && failed.status === 409 ? t('cart.stale') : errorText(failed)}
        </p>
      )}
    </li>
  );
}

export function CartTotals({ cart }: { cart: Cart }) {
  const money = useMoney();
  const row = (label: string, value: string, hint?: string) => (
    <div className="flex justify-between gap-4 py-1">
      <dt>
        {label}
        {hint && <span className="block text-xs text-gray-700 dark:text-gray-300">{hint}</span>}
      </dt>
      <dd className="text-right">{value}</dd>
    </div>
  );
  return (
    <dl className="text-sm">
      {row(t('cart.subtotal'), money(cart.subtotal))}
      {cart.discount && cart.discount.amount > 0 && row(t('cart.discount'), `−${money(cart.discount)}`)}
      {cart.shippingMethod ? row(t('cart.shippingMethod', { method: cart.shippingMethod.name }), money(cart.shippingMethod.amount)) : row(t('cart.shipping'), '—', t('cart.shippingLater'))}
      {cart.reverseCharge ? row(t('cart.tax'), '—', t('cart.reverseCharge')) : cart.tax && row(t('cart.tax'), money(cart.tax), cart.taxIncluded ? t('cart.taxIncluded') : t('cart.taxAdded'))}
      <div className="mt-2 flex justify-between border-t border-gray-200 pt-2 text-base font-semibold dark:border-gray-700">
        <dt>{t('cart.total')}</dt>
        <dd data-testid="cart-total">{money(cart.total)}</dd>
      </div>
    </dl>
  );
}

export function CouponForm({ cart }: { cart: Cart }) {
  const money = useMoney();
  const [code, setCode] = useState('');
  const apply = useCartAction<string>(
    async (api, ref, coupon) => unwrap(await api.POST('/carts/{id}/coupons', { params: { path: { id: ref.id }, header: keyed(ref.key) }, headers: ref.headers, body: { code: coupon, expectedVersion: cart.version } })),
    { onSuccess: () => setCode('') },
  );
  const remove = useCartAction<string>(async (api, ref, coupon) =>
    unwrap(await api.DELETE('/carts/{id}/coupons/{code}', { params: { path: { id: ref.id, code: coupon }, query: { expectedVersion: cart.version }, header: keyed(ref.key) }, headers: ref.headers })),
  );
  const refusal = apply.error instanceof ApiError && apply.error.status === 400 ? couponReason(apply.error.body.fields?.find((f) => f.field === 'code')?.problem ?? '') : apply.error && errorText(apply.error);
  return (
    <div className="flex flex-col gap-2">
      {cart.couponCodes.map((applied) => {
        const taken = cart.coupons.find((c) => c.code === applied)?.amount;
        return (
          <p key={applied} className="flex items-center justify-between gap-2 text-sm">
            <span>{taken ? t('cart.couponApplied', { code: applied, amount: money(taken) }) : applied}</span>
            <Button variant="ghost" aria-label={t('cart.removeCoupon', { code: applied })} disabled={remove.isPending} onClick={() => remove.act(applied)}>
              {t('cart.removeShort')}
            </Button>
          </p>
        );
      })}
      <form
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (code.trim()) apply.act(code.trim());
        }}
      >
        <div className="flex-1">
          <Field label={t('cart.coupon')} error={refusal || undefined}>
            {(control) => <Input {...control} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" />}
          </Field>
        </div>
        <Button type="submit" variant="secondary" disabled={apply.isPending}>
          {t('cart.applyCoupon')}
        </Button>
      </form>
    </div>
  );
}

/** Prices that changed since this cart version was written: shown, and accepted with POST /reprice. */
export function PriceChanges({ cart }: { cart: Cart }) {
  const money = useMoney();
  const accept = useCartAction<void>(async (api, ref) => unwrap(await api.POST('/carts/{id}/reprice', { params: { path: { id: ref.id }, header: keyed(ref.key) }, headers: ref.headers, body: { expectedVersion: cart.version } })));
  if (!cart.priceChanges.length) return null;
  return (
    <section role="status" aria-labelledby="price-changes" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <h2 id="price-changes" className="font-semibold">
        {t('cart.priceChanges')}
      </h2>
      <ul className="my-2 text-sm">
        {cart.priceChanges.map((change) => (
          <li key={change.lineId}>
            {t('cart.priceChange', { name: cart.lines.find((l) => l.lineId === change.lineId)?.name ?? change.sku, reviewed: change.reviewed ? money(change.reviewed) : '—', current: change.current ? money(change.current) : '—' })}
          </li>
        ))}
      </ul>
      <Button variant="secondary" disabled={accept.isPending} onClick={() => accept.act(undefined)}>
        {t('cart.acceptPrices')}
      </Button>
    </section>
  );
}

export function CartProblems({ cart }: { cart: Cart }) {
  if (!cart.problems.length) return null;
  return (
    <section aria-labelledby="cart-problems" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <h2 id="cart-problems" className="font-semibold">
        {t('cart.problems')}
      </h2>
      <ul className="mt-1 list-disc pl-5 text-sm">
        {cart.problems.map((problem, i) => (
          <li key={i}>{problemText(problem)}</li>
        ))}
      </ul>
    </section>
  );
}
