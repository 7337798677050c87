/**
 * A product: gallery, variant picker, price, stock in words, quantity and add to cart, wishlist,
 * reviews. The picker offers only combinations that exist and can be bought: a value that would
 * lead to no active variant, or only to sold-out ones, is disabled.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { unwrap, type Schemas } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';
import { useAction } from '../../../shared/api/use-action';
import type { Money } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { Field, Input } from '../../../shared/ui/field';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { errorText } from '../error-text';
import { Price, ProductImage, type Media } from '../product-card';
import { keyed, setDrawerOpen, useCartAction, useStore } from '../shopping-cart';
import { productQuery, reviewsQuery } from '../product-query';
import { t } from '../strings';

type StockState = 'in_stock' | 'low' | 'out_of_stock';
type Variant = Schemas['ProductVariant'] & { stockState?: StockState };
type Options = Record<string, string>;

const routeApi = getRouteApi('/products/$code');

/** Whether a variant matches every chosen value (unchosen options match anything). */
const matches = (variant: Variant, chosen: Options) => Object.entries(chosen).every(([name, value]) => (variant.options as Options)[name] === value);
const buyable = (variant: Variant) => variant.active && variant.stockState !== 'out_of_stock';

function ProductPage() {
  const { code } = routeApi.useParams();
  const { api } = useStore();
  const product = useQuery(productQuery(api, code));
  if (product.isPending) return <LoadingRows label={t('product.loading')} />;
  if (product.isError) {
    if (product.error instanceof ApiError && product.error.status === 404) return <EmptyState title={t('product.notFound')} />;
    return <ErrorState title={t('error.generic')} onRetry={() => void product.refetch()} retryLabel={t('common.retry')} />;
  }
  return <ProductView key={product.data.code} product={product.data} />;
}

function ProductView({ product }: { product: Schemas['Product'] }) {
  const a = product.attributes;
  const variants = useMemo(() => (a.variants as Variant[]).filter((v) => v.active), [a.variants]);
  // Preselect the first variant that can be bought, so a one-variant product is ready to add.
  const [chosen, setChosen] = useState<Options>(() => ({ ...((variants.find(buyable) ?? variants[0])?.options as Options | undefined) }));
  const [quantity, setQuantity] = useState(1);
  const variant = a.options.length ? variants.find((v) => matches(v, chosen) && Object.keys(chosen).length === a.options.length) : variants[0];
  const price: Money = variant?.price ?? a.price;
  const media = (a.media ?? []) as Media[];
  // The chosen variant's images first; images for no variant in particular show for all.
  const images = media.filter((m) => !m.variantSkus.length || (variant && m.variantSkus.includes(variant.sku)));
  const shown = images.length ? images : media;
  const state: StockState = variant?.stockState ?? 'in_stock';
  const add = useCartAction<{ sku: string; quantity: number }>(
    async (api, cart, line) => unwrap(await api.POST('/carts/{id}/lines', { params: { path: { id: cart.id }, header: keyed(`${cart.key}.line`) }, headers: cart.headers, body: line })),
    { create: true, onSuccess: () => setDrawerOpen(true) },
  );

  return (
    <article className="grid gap-8 md:grid-cols-2">
      <Gallery key={variant?.sku} images={shown} name={product.name ?? product.code} />
      <div className="flex flex-col gap-4">
        <h1 className="text-3xl font-semibold">{product.name}</h1>
        <Price price={price} compareAt={variant?.compareAtPrice} />
        {a.options.map((option) => (
          <fieldset key={option.name}>
            <legend className="mb-2 text-sm font-medium">{t('product.chooseOption', { name: option.name })}</legend>
            <div className="flex flex-wrap gap-2">
              {option.values.map((value) => {
                const wanted = { ...chosen, [option.name]: value };
                // Other choices kept where possible: a value is open when some buyable variant has it with them.
                const open = variants.some((v) => buyable(v) && matches(v, wanted));
                const selected = chosen[option.name] === value;
                return (
                  <Button
                    key={value}
                    variant={selected ? 'primary' : 'secondary'}
                    aria-pressed={selected}
                    disabled={!open}
                    aria-label={open ? value : t('product.unavailable', { value })}
                    onClick={() => setChosen(wanted)}
                  >
                    {value}
                  </Button>
                );
              })}
            </div>
          </fieldset>
        ))}
        <p role="status" className={state === 'out_of_stock' ? 'font-medium text-red-800 dark:text-red-300' : state === 'low' ? 'font-medium text-amber-900 dark:text-amber-200' : 'text-green-900 dark:text-green-300'}>
          {variant ? t(`product.stock.${state}`) : t('product.pickVariant')}
        </p>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (variant && buyable(variant)) add.act({ sku: variant.sku, quantity });
          }}
        >
          <div className="w-24">
            <Field label={t('product.quantity')}>{(control) => <Input {...control} type="number" min={1} max={99} value={quantity} onChange={(event) => setQuantity(Math.max(1, Math.floor(Number(event.target.value) || 1)))} />}</Field>
          </div>
          <Button type="submit" disabled={!variant || !buyable(variant) || add.isPending}>
            {variant && !buyable(variant) ? t('product.soldOut') : t('product.addToCart')}
          </Button>
          {variant && <WishToggle sku={variant.sku} />}
        </form>
        {add.isError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {errorText(add.error)}
          </p>
        )}
        {a.description && (
          <section aria-labelledby="description">
            <h2 id="description" className="mb-1 font-semibold">
              {t('product.description')}
            </h2>
            <p className="whitespace-pre-line text-gray-800 dark:text-gray-200">{a.description}</p>
          </section>
        )}
      </div>
      <Reviews code={product.code} />
    </article>
  );
}

function Gallery({ images, name }: { images: Media[]; name: string }) {
  const [index, setIndex] = useState(0);
  const current = images[Math.min(index, images.length - 1)];
  if (!current) return <div aria-hidden className="aspect-square w-full rounded-md bg-gray-100 dark:bg-gray-800" />;
  return (
    <section aria-label={t('product.gallery')} className="flex flex-col gap-3">
      <ProductImage media={current} sizes="(min-width: 768px) 560px, 100vw" eager />
      {images.length > 1 && (
        <div className="flex flex-wrap gap-2">
          {images.map((image, i) => (
            <button key={image.id} type="button" aria-pressed={i === index} aria-label={t('product.showImage', { n: i + 1 })} onClick={() => setIndex(i)} className="w-16 rounded border-2 border-transparent aria-pressed:border-blue-700 dark:aria-pressed:border-blue-300">
              <ProductImage media={{ ...image, alt: '' }} sizes="64px" className="aspect-square w-full rounded object-cover" />
            </button>
          ))}
        </div>
      )}
      <span className="sr-only">{name}</span>
    </section>
  );
}

const useSignedIn = () => {
  const { session } = useStore();
  return useSyncExternalStore((listener) => session.subscribe(listener), () => session.signedIn);
};

/** A signed-in customer's wishlist toggle for the chosen variant. */
function WishToggle({ sku }: { sku: string }) {
  const { api } = useStore();
  const signedIn = useSignedIn();
  const queryClient = useQueryClient();
  const wishlist = useQuery({ queryKey: ['wishlist'], enabled: signedIn, queryFn: async () => unwrap(await api.GET('/wishlist')) });
  const wished = wishlist.data?.items.some((item) => item.sku === sku) ?? false;
  const toggle = useAction<boolean, Schemas['Wishlist']>(
    async ({ variables: add, idempotencyKey }) => {
      const params = { path: { sku }, header: keyed(idempotencyKey) };
      return unwrap(add ? await api.PUT('/wishlist/items/{sku}', { params, body: { notify: false } }) : await api.DELETE('/wishlist/items/{sku}', { params }));
    },
    { onSuccess: (list) => queryClient.setQueryData(['wishlist'], list) },
  );
  if (!signedIn || !wishlist.data) return null;
  return (
    <Button variant="ghost" aria-pressed={wished} disabled={toggle.isPending} onClick={() => toggle.act(!wished)}>
      {wished ? t('product.wishRemove') : t('product.wishAdd')}
    </Button>
  );
}

function Reviews({ code }: { code: string }) {
  const { api } = useStore();
  const signedIn = useSignedIn();
  const queryClient = useQueryClient();
  const reviews = useQuery(reviewsQuery(api, code));
  const [done, setDone] = useState(false);
  const post = useAction<Schemas['CreateReviewDto'], Schemas['Review']>(
    async ({ variables, idempotencyKey }) => unwrap(await api.POST('/products/{code}/reviews', { params: { path: { code }, header: keyed(idempotencyKey) }, body: variables })),
    { onSuccess: () => (setDone(true), void queryClient.invalidateQueries({ queryKey: ['reviews', code] })) },
  );
  const refusal = post.error instanceof ApiError && post.error.status === 409 ? (post.error.body.currentVersion ? t('reviews.already') : t('reviews.needsDelivery')) : post.error && errorText(post.error);
  const summary = reviews.data?.summary;
  return (
    <section aria-labelledby="reviews" className="md:col-span-2">
      <h2 id="reviews" className="mb-2 text-xl font-semibold">
        {t('reviews.title')}
      </h2>
      {summary && summary.count > 0 ? <p className="mb-3">{t('reviews.summary', { average: summary.average ?? 0, count: summary.count })}</p> : reviews.data && <p className="mb-3">{t('reviews.none')}</p>}
      <ul className="mb-6 flex flex-col gap-4">
        {reviews.data?.items.map((review) => (
          <li key={review.code} className="rounded-md border border-gray-200 p-3 dark:border-gray-700">
            <p className="font-medium">
              {review.title} · <span className="text-sm">{t('reviews.stars', { rating: review.rating })}</span>
            </p>
            <p className="mt-1 text-gray-800 dark:text-gray-200">{review.body}</p>
          </li>
        ))}
      </ul>
      {!signedIn ? (
        <p>
          <Link to="/account" className="text-blue-800 underline dark:text-blue-300">
            {t('reviews.signIn')}
          </Link>
        </p>
      ) : done ? (
        <p role="status">{t('reviews.thanks')}</p>
      ) : (
        <form
          className="flex max-w-xl flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget);
            post.act({ rating: Number(data.get('rating')), title: String(data.get('title')), body: String(data.get('body')) });
          }}
        >
          <h3 className="font-semibold">{t('reviews.write')}</h3>
          <Field label={t('reviews.rating')}>{(control) => <Input {...control} name="rating" type="number" min={1} max={5} defaultValue={5} required />}</Field>
          <Field label={t('reviews.formTitle')}>{(control) => <Input {...control} name="title" required maxLength={120} />}</Field>
          <Field label={t('reviews.body')}>
            {({ invalid, ...control }) => <textarea {...control} aria-invalid={invalid || undefined} name="body" required rows={4} className="rounded-md border border-gray-400 bg-white p-2 text-sm dark:border-gray-500 dark:bg-gray-900" />}
          </Field>
          {refusal && (
            <p role="alert" className="text-sm text-red-800 dark:text-red-300">
              {refusal}
            </p>
          )}
          <Button type="submit" disabled={post.isPending} className="self-start">
            {t('reviews.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}

export const route = createLazyRoute('/products/$code')({ component: ProductPage });
