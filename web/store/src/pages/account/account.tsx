/**
 * A signed-in customer's account: overview, profile, address book, orders, returns, wishlist. Signed out,
 * each of them shows the sign-in form (and comes back to itself once signed in).
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { unwrap, type Schemas } from '../../../../shared/api/client';
import { ConflictError, fieldErrors } from '../../../../shared/api/errors';
import { useAction } from '../../../../shared/api/use-action';
import { formatDateTime } from '../../../../shared/format';
import { Button } from '../../../../shared/ui/button';
import { Field, Input } from '../../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../../shared/ui/states';
import { forgetCart } from '../../cart-store';
import { errorText } from '../../error-text';
import { ProductCard, useMoney } from '../../product-card';
import { useProductsBySku } from '../../products-by-sku';
import { keyed, useStore } from '../../shopping-cart';
import { t } from '../../strings';
import { SignIn } from './auth';

const sectionLink = 'rounded-md px-3 py-2 text-sm hover:bg-gray-100 aria-[current=page]:font-semibold aria-[current=page]:underline dark:hover:bg-gray-800';

function AccountFrame({ title, children }: { title: string; children: ReactNode }) {
  const { session, shop, queryClient } = useStore();
  const signedIn = useSyncExternalStore((listener) => session.subscribe(listener), () => session.signedIn);
  if (!signedIn) return <SignIn />;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">{title}</h1>
          <p className="text-sm text-gray-700 dark:text-gray-300">{t('account.signedInAs', { email: session.claims?.email ?? '' })}</p>
        </div>
        <Button
          variant="secondary"
          onClick={() => {
            // The customer's cart is theirs: this browser starts a new guest cart.
            forgetCart(shop.tenant);
            queryClient.removeQueries({ queryKey: ['wishlist'] });
            void session.signOut();
          }}
        >
          {t('account.signOut')}
        </Button>
      </div>
      <nav aria-label={t('account.sections')} className="flex flex-wrap gap-1 border-b border-gray-200 pb-2 dark:border-gray-700">
        <Link to="/account" activeOptions={{ exact: true }} className={sectionLink}>
          {t('account.title')}
        </Link>
        <Link to="/account/addresses" className={sectionLink}>
          {t('account.addresses')}
        </Link>
        <Link to="/account/orders" className={sectionLink}>
          {t('account.orders')}
        </Link>
        <Link to="/account/returns" className={sectionLink}>
          {t('account.returns')}
        </Link>
        <Link to="/account/wishlist" className={sectionLink}>
          {t('account.wishlist')}
        </Link>
      </nav>
      {children}
    </div>
  );
}

/** A section's read until it answers: loading rows, or what went wrong with a retry (never "Loading" for ever). */
function NotYet({ query, rows }: { query: { isError: boolean; error: Error | null; refetch: () => unknown }; rows: number }) {
  if (query.isError) return <ErrorState title={t('error.generic')} message={errorText(query.error)} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />;
  return <LoadingRows label={t('account.loading')} rows={rows} />;
}

function useMe() {
  const { api } = useStore();
  return useQuery({ queryKey: ['me'], queryFn: async () => unwrap(await api.GET('/me')) });
}

/** The overview is the profile: name and phone, changed on the version read. */
function Profile() {
  const { api } = useStore();
  const me = useMe();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const save = useAction<{ name: string; phone: string; expectedVersion: number }, Schemas['MyProfile']>(
    async ({ variables, idempotencyKey }) => unwrap(await api.PATCH('/me', { params: { header: keyed(idempotencyKey) }, body: { expectedVersion: variables.expectedVersion, name: variables.name || undefined, phone: variables.phone || undefined } })),
    { onSuccess: (profile) => (queryClient.setQueryData(['me'], profile), setSaved(true)), onError: (error) => error instanceof ConflictError && void me.refetch() },
  );
  const problems = fieldErrors(save.error);
  if (!me.data) return <NotYet query={me} rows={2} />;
  return (
    <form
      key={me.data.version}
      className="flex max-w-md flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        const data = new FormData(event.currentTarget);
        save.act({ name: String(data.get('name')).trim(), phone: String(data.get('phone')).trim(), expectedVersion: me.data.version });
      }}
    >
      <h2 className="text-lg font-semibold">{t('account.profile')}</h2>
      <Field label={t('account.name')} error={problems.name}>
        {(control) => <Input {...control} name="name" autoComplete="name" defaultValue={me.data.name ?? ''} />}
      </Field>
      <Field label={t('account.phone')} error={problems.phone}>
        {(control) => <Input {...control} name="phone" type="tel" autoComplete="tel" defaultValue={me.data.phone ?? ''} />}
      </Field>
      {save.error && !Object.keys(problems).length && <p role="alert">{save.error instanceof ConflictError ? t('account.conflict') : errorText(save.error)}</p>}
      {saved && <p role="status">{t('account.saved')}</p>}
      <Button type="submit" disabled={save.isPending} className="self-start">
        {t('account.save')}
      </Button>
    </form>
  );
}

type AddressBook = Schemas['AddressBook'];

function Addresses() {
  const { api } = useStore();
  const queryClient = useQueryClient();
  const book = useQuery({ queryKey: ['addresses'], queryFn: async () => unwrap(await api.GET('/me/addresses')) });
  const keep = { onSuccess: (next: AddressBook) => queryClient.setQueryData(['addresses'], next), onError: (error: Error) => error instanceof ConflictError && void book.refetch() };
  const add = useAction<Schemas['CreateBookAddressDto'], AddressBook>(async ({ variables, idempotencyKey }) => unwrap(await api.POST('/me/addresses', { params: { header: keyed(idempotencyKey) }, body: variables })), keep);
  const remove = useAction<{ id: string; version: number }, AddressBook>(
    async ({ variables, idempotencyKey }) => unwrap(await api.DELETE('/me/addresses/{addressId}', { params: { path: { addressId: variables.id }, query: { expectedVersion: variables.version }, header: keyed(idempotencyKey) } })),
    keep,
  );
  const makeDefault = useAction<{ id: string; version: number }, AddressBook>(
    async ({ variables, idempotencyKey }) => unwrap(await api.PATCH('/me/addresses/{addressId}', { params: { path: { addressId: variables.id }, header: keyed(idempotencyKey) }, body: { expectedVersion: variables.version, defaultShipping: true } })),
    keep,
  );
  const problems = fieldErrors(add.error);
  const failed = add.error ?? remove.error ?? makeDefault.error;
  if (!book.data) return <NotYet query={book} rows={2} />;
  const { version } = book.data;
  return (
    <div className="grid gap-8 md:grid-cols-2">
      <section aria-labelledby="saved-addresses">
        <h2 id="saved-addresses" className="mb-3 text-lg font-semibold">
          {t('account.addresses')}
        </h2>
        {book.data.items.length === 0 ? (
          <EmptyState title={t('account.noAddresses')} />
        ) : (
          <ul className="flex flex-col gap-3">
            {book.data.items.map((address) => (
              <li key={address.id} className="rounded-md border border-gray-200 p-3 text-sm dark:border-gray-700">
                <p className="font-medium">{address.name}</p>
                <p>
                  {address.line1}
                  {address.line2 ? `, ${address.line2}` : ''}, {address.postalCode} {address.city}, {address.region ? `${address.region} ` : ''}
                  {address.country}
                </p>
                {book.data.defaultShippingId === address.id && <p className="font-medium">{t('account.defaultShipping')}</p>}
                {book.data.defaultBillingId === address.id && <p className="font-medium">{t('account.defaultBilling')}</p>}
                <div className="mt-2 flex gap-2">
                  {book.data.defaultShippingId !== address.id && (
                    <Button variant="secondary" onClick={() => makeDefault.act({ id: address.id, version })}>
                      {t('account.makeDefault')}
                    </Button>
                  )}
                  <Button variant="ghost" aria-label={t('account.deleteAddress', { name: address.name })} onClick={() => remove.act({ id: address.id, version })}>
                    {t('account.delete')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        {failed && !Object.keys(problems).length && (
          <p role="alert" className="mt-2 text-sm text-red-800 dark:text-red-300">
            {failed instanceof ConflictError ? t('account.conflict') : errorText(failed)}
          </p>
        )}
      </section>
      <form
        key={version}
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const data = Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v).trim()]));
          add.act({ name: data.name, line1: data.line1, line2: data.line2 || undefined, city: data.city, postalCode: data.postalCode, country: data.country.toUpperCase(), region: data.region || undefined, defaultShipping: data.defaultShipping === 'on', expectedVersion: version });
        }}
      >
        <h2 className="text-lg font-semibold">{t('account.addAddress')}</h2>
        {(['name', 'line1', 'line2', 'city', 'postalCode', 'country', 'region'] as const).map((name) => (
          <Field key={name} label={t(`account.${name}`)} error={problems[name]}>
            {(control) => <Input {...control} name={name} required={name !== 'line2' && name !== 'region'} />}
          </Field>
        ))}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="defaultShipping" className="size-4" /> {t('account.defaultShipping')}
        </label>
        <Button type="submit" disabled={add.isPending} className="self-start">
          {t('account.addAddress')}
        </Button>
      </form>
    </div>
  );
}

function Orders() {
  const { api, shop } = useStore();
  const money = useMoney();
  // Newest first: a customer may sort their own orders by placement (no other sort: that is the staff's list).
  const orders = useQuery({ queryKey: ['my-orders'], queryFn: async () => unwrap(await api.GET('/orders', { params: { query: { sort: '-createdAt' } } })) });
  if (!orders.data) return <NotYet query={orders} rows={3} />;
  if (!orders.data.items.length) return <EmptyState title={t('account.noOrders')} />;
  return (
    <>
      <ul className="flex flex-col divide-y divide-gray-200 dark:divide-gray-700" aria-label={t('account.orders')}>
        {orders.data.items.map((order) => (
          <li key={order.code} className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm">
            <Link to="/orders/$code" params={{ code: order.code }} className="font-medium text-blue-800 underline dark:text-blue-300">
              {order.code}
            </Link>
            <span>{formatDateTime(order.attributes.placedAt, shop.timeZone, shop.locale)}</span>
            <span>{order.attributes.status}</span>
            <span className="font-semibold">{money(order.attributes.total)}</span>
          </li>
        ))}
      </ul>
      <p className="text-sm text-gray-700 dark:text-gray-300">
        <Link to="/account/returns" className="font-medium text-blue-800 underline dark:text-blue-300">
          {t('account.seeReturns')}
        </Link>{' '}
        {t('account.returnsHint')}
      </p>
    </>
  );
}

type Return = Schemas['Return'];

/** The customer's returns across their orders, newest first, a page at a time on the API's cursor (GET /me/returns). */
function Returns() {
  const { api, shop } = useStore();
  const money = useMoney();
  const returns = useInfiniteQuery({
    queryKey: ['my-returns'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/me/returns', { params: { query: { cursor: pageParam } } })),
    getNextPageParam: (page) => page.cursor,
  });
  const items: Return[] = returns.data?.pages.flatMap((page) => page.items) ?? [];
  const products = useProductsBySku(items.flatMap((r) => r.attributes.lines.map((line) => line.sku)));
  if (!returns.data) return <NotYet query={returns} rows={3} />;
  if (!items.length) return <EmptyState title={t('account.noReturns')} />;
  return (
    <>
      <ul className="flex flex-col divide-y divide-gray-200 dark:divide-gray-700" aria-label={t('account.returns')}>
        {items.map((r) => {
          const a = r.attributes;
          const at = a.requestedAt ?? r.createdAt;
          // What went back once refunded, else the amount fixed when the parcel arrived.
          const refund = a.refunded ?? a.refundAmount;
          return (
            <li key={r.code} className="flex flex-col gap-1 py-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="font-semibold">{t('account.returnCode', { code: r.code })}</h2>
                <span className="rounded-full border border-gray-300 px-2 py-0.5 font-medium dark:border-gray-600">{t(`account.return.${a.state}`)}</span>
              </div>
              <p>
                <Link to="/orders/$code" params={{ code: a.orderCode }} className="font-medium text-blue-800 underline dark:text-blue-300">
                  {t('account.returnOrder', { code: a.orderCode })}
                </Link>
                {at && <span> · {t('account.returnAsked', { date: formatDateTime(at, shop.timeZone, shop.locale) })}</span>}
              </p>
              <ul aria-label={t('account.returnLines', { code: r.code })}>
                {a.lines.map((line) => {
                  const name = products.get(line.sku)?.name;
                  return <li key={line.sku}>{name ? t('account.returnLineNamed', { name, sku: line.sku, quantity: line.quantity }) : t('account.returnLine', { sku: line.sku, quantity: line.quantity })}</li>;
                })}
              </ul>
              {refund && <p className="font-semibold">{t(a.refunded ? 'account.returnRefunded' : 'account.returnRefund', { amount: money(refund) })}</p>}
            </li>
          );
        })}
      </ul>
      {returns.hasNextPage && (
        <Button variant="secondary" className="self-start" disabled={returns.isFetchingNextPage} onClick={() => void returns.fetchNextPage()}>
          {t('account.loadMore')}
        </Button>
      )}
    </>
  );
}

function Wishlist() {
  const { api } = useStore();
  const wishlist = useQuery({ queryKey: ['wishlist'], queryFn: async () => unwrap(await api.GET('/wishlist')) });
  const products = useProductsBySku(wishlist.data?.items.map((wish) => wish.sku) ?? []);
  if (!wishlist.data) return <NotYet query={wishlist} rows={2} />;
  if (!wishlist.data.items.length) return <EmptyState title={t('account.noWishes')} />;
  // One card per product (two wished sizes of a shirt are one shirt); a SKU no longer sold keeps its line.
  const hits = [...new Map(wishlist.data.items.flatMap((wish) => { const hit = products.get(wish.sku); return hit ? [[hit.code, hit] as const] : []; })).values()];
  const unsold = wishlist.data.items.filter((wish) => !products.has(wish.sku));
  return (
    <>
      <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3" aria-label={t('account.wishlist')}>
        {hits.map((hit) => (
          <ProductCard key={hit.code} hit={hit} />
        ))}
      </ul>
      {unsold.length > 0 && (
        <ul className="flex flex-col gap-1 text-sm text-gray-700 dark:text-gray-300" aria-label={t('account.wishesUnavailable')}>
          {unsold.map((wish) => (
            <li key={wish.sku}>{wish.sku}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export const route = createLazyRoute('/account')({ component: () => <AccountFrame title={t('account.title')}><Profile /></AccountFrame> });
export const addressesRoute = createLazyRoute('/account/addresses')({ component: () => <AccountFrame title={t('account.addresses')}><Addresses /></AccountFrame> });
export const ordersRoute = createLazyRoute('/account/orders')({ component: () => <AccountFrame title={t('account.orders')}><Orders /></AccountFrame> });
export const returnsRoute = createLazyRoute('/account/returns')({ component: () => <AccountFrame title={t('account.returns')}><Returns /></AccountFrame> });
export const wishlistRoute = createLazyRoute('/account/wishlist')({ component: () => <AccountFrame title={t('account.wishlist')}><Wishlist /></AccountFrame> });
