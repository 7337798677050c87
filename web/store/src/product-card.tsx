/** What the catalog and the home page show of a product: its image, name, price (and compare-at) and stock. */
import { Link } from '@tanstack/react-router';
import type { Schemas } from '../../shared/api/client';
import { formatMoney, type Money } from '../../shared/format';
import { Badge } from '../../shared/ui/badge';
import { useStore } from './shopping-cart';
import { t } from './strings';

export type Media = Schemas['Media'];
/** A search hit; its image and compare-at price where the API gives them. */
export type Hit = Schemas['SearchHit'] & { image?: Media; compareAtPrice?: Money };

export function useMoney() {
  const { shop } = useStore();
  return (money: Money) => formatMoney(money, shop.locale ?? 'en');
}

/** The price, and the compare-at price struck through when it is higher. */
export function Price({ price, compareAt, from }: { price: Money; compareAt?: Money; from?: boolean }) {
  const money = useMoney();
  const shown = money(price);
  return (
    <span className="flex flex-wrap items-baseline gap-2">
      <span className="font-semibold">{from ? t('catalog.from', { price: shown }) : shown}</span>
      {compareAt && compareAt.amount > price.amount && (
        <s className="text-sm text-gray-700 dark:text-gray-300" aria-label={t('catalog.was', { price: money(compareAt) })}>
          {money(compareAt)}
        </s>
      )}
    </span>
  );
}

/**
 * An uploaded image at the rendition that fits: WebP renditions in `srcset` (the browser picks by
 * `sizes`), the smallest as `src`; width and height reserve its box before it loads.
 */
export function ProductImage({ media, sizes, eager, className }: { media: Media; sizes: string; eager?: boolean; className?: string }) {
  const webp = media.renditions.filter((r) => r.format === 'webp').sort((a, b) => a.width - b.width);
  const renditions = webp.length ? webp : [...media.renditions].sort((a, b) => a.width - b.width);
  const first = renditions[0];
  return (
    <img
      src={first?.url}
      srcSet={renditions.map((r) => `${r.url} ${r.width}w`).join(', ')}
      sizes={sizes}
      width={media.width}
      height={media.height}
      alt={media.alt}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      className={className ?? 'aspect-square w-full rounded-md bg-gray-100 object-cover dark:bg-gray-800'}
    />
  );
}

export function ProductCard({ hit }: { hit: Hit }) {
  const ranged = hit.maxPrice && hit.price && hit.maxPrice.amount !== hit.price.amount;
  return (
    <li className="flex flex-col gap-2">
      <Link to="/products/$code" params={{ code: hit.code }} className="group flex flex-col gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-blue-600">
        {hit.image ? (
          <ProductImage media={hit.image} sizes="(min-width: 1024px) 240px, (min-width: 640px) 33vw, 50vw" />
        ) : (
          <div aria-hidden className="aspect-square w-full rounded-md bg-gray-100 dark:bg-gray-800" />
        )}
        <span className="font-medium group-hover:underline">{hit.name}</span>
      </Link>
      {hit.price && <Price price={hit.price} compareAt={hit.compareAtPrice} from={Boolean(ranged)} />}
      {!hit.inStock && (
        <span>
          <Badge tone="warning">{t('catalog.outOfStock')}</Badge>
        </span>
      )}
    </li>
  );
}
