/** What the catalog and the home page show of a product: its image, name, price (and compare-at) and stock. */
import { Link } from '@tanstack/react-router';
import type { Schemas } from '../../shared/api/client';
import { formatMoney, type Money } from '../../shared/format';
import { Badge } from '../../shared/ui/badge';
import { useStore } from './shopping-cart';
import { t } from './strings';

export type Media = Schemas['Media'];
/** A search hit, with its primary image (or null) and compare-at price where the API gives them. */
export type Hit = Schemas['SearchHit'] & { compareAtPrice?: Money };
/** What the image component needs of an image: a product's `Media` or a hit's `SearchHitImage`. */
export type ImageLike = Pick<Media, 'alt' | 'width' | 'height'> & { renditions: Pick<Media['renditions'][number], 'width' | 'format' | 'url'>[] };

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

/** `<picture>` sources, best first: AVIF (`heif` to the API), then WebP. */
const SOURCES = [
  { format: 'heif', type: 'image/avif' },
  { format: 'webp', type: 'image/webp' },
] as const;

const bySize = (renditions: ImageLike['renditions'], format: string) => renditions.filter((r) => r.format === format).sort((a, b) => a.width - b.width);
const srcSet = (renditions: ImageLike['renditions']) => renditions.map((r) => `${r.url} ${r.width}w`).join(', ');

/**
 * The one image of the storefront (cards, gallery, cart lines, wishlist): a `<picture>` with AVIF
 * and WebP sources at every width (the browser picks by `sizes`) and the original's format as
 * the `<img>` fallback; width and height reserve its box before it loads; lazy unless `eager`.
 */
export function ProductImage({ media, sizes, eager, className }: { media: ImageLike; sizes: string; eager?: boolean; className?: string }) {
  const fallbackFormat = media.renditions.find((r) => !SOURCES.some((s) => s.format === r.format))?.format ?? 'webp';
  const fallback = bySize(media.renditions, fallbackFormat);
  return (
    <picture>
      {SOURCES.map(({ format, type }) => {
        const renditions = bySize(media.renditions, format);
        return renditions.length && format !== fallbackFormat ? <source key={format} type={type} srcSet={srcSet(renditions)} sizes={sizes} /> : null;
      })}
      <img
        src={fallback[0]?.url}
        srcSet={srcSet(fallback)}
        sizes={sizes}
        width={media.width}
        height={media.height}
        alt={media.alt}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
        className={className ?? 'aspect-square w-full rounded-md bg-gray-100 object-cover dark:bg-gray-800'}
      />
    </picture>
  );
}

/** A product's image, or a blank box of the same shape when it has none. */
export function Thumbnail({ image, sizes, className }: { image?: ImageLike | null; sizes: string; className: string }) {
  return image ? <ProductImage media={image} sizes={sizes} className={`${className} object-cover`} /> : <div aria-hidden className={className} />;
}

export function ProductCard({ hit }: { hit: Hit }) {
  const ranged = hit.maxPrice && hit.price && hit.maxPrice.amount !== hit.price.amount;
  return (
    <li className="flex flex-col gap-2">
      <Link to="/products/$code" params={{ code: hit.code }} className="group flex flex-col gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-blue-600">
        <Thumbnail image={hit.image} sizes="(min-width: 1024px) 240px, (min-width: 640px) 33vw, 50vw" className="aspect-square w-full rounded-md bg-gray-100 dark:bg-gray-800" />
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
