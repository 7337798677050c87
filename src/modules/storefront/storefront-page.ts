import { CrawlerCategory, CrawlerProduct, renderStorefrontShell } from './crawler-html';

/**
 * One storefront page for crawlers: `/products/:code` or `/categories/:code` of the shop that
 * `host` (or, locally, `?shop=<tenant>`; else `defaultShop` when no shop claims the host, as the
 * app falls back to its runtime config's) belongs to, as the app shell with the page's tags
 * (crawler-html.ts). The shop comes from GET /storefront/config and the product or category from
 * the API with the shop's publishable key, as any visitor reads them, so the caller (the local
 * store server, the storefront-html function) needs no access to the shop's data of its own.
 * A product page also carries those reads (and the product's reviews) for the app to start from
 * (`StorefrontPageData`): its first paint then waits on no API round trip.
 * Undefined when the path is no such page or no shop is found there: the caller serves the plain app.
 */
export async function storefrontPage(
  apiUrl: string,
  request: { path: string; host: string; shop?: string | null; defaultShop?: string },
  shell: string,
): Promise<{ status: 200 | 404; html: string } | undefined> {
  const match = PAGE.exec(request.path);
  if (!match) return undefined;
  const [, kind, code] = match as unknown as [string, 'products' | 'categories', string];
  const at = Date.now();
  const shop = await shopConfig(apiUrl, request);
  if (!shop) return undefined;
  const read = (path: string) => fetch(`${apiUrl}${path}`, { headers: { 'x-publishable-key': shop.publishableKey } });
  const path = `/${kind}/${encodeURIComponent(code)}`;
  const [answer, reviews] = await Promise.all([read(path), kind === 'products' ? read(`${path}/reviews`).catch(() => undefined) : undefined]);
  if (!answer.ok && answer.status !== 404) return undefined;
  const body = answer.ok ? ((await answer.json()) as ReadBody) : undefined;
  const page = { url: `${request.host.startsWith('localhost') || request.host.startsWith('127.') ? 'http' : 'https'}://${request.host}${request.path}`, tenant: { code: shop.tenant, name: shop.name } };
  if (kind === 'categories') return renderStorefrontShell(shell, { ...page, category: body ? categoryOf(body) : null });
  const appData: StorefrontPageData = { path: request.path, at, shop, ...(body ? { product: body } : {}), ...(reviews?.ok ? { reviews: await reviews.json() } : {}) };
  return renderStorefrontShell(shell, { ...page, product: body ? productOf(body) : null, appData });
}

/**
 * What a product page hands the app (web/store/src/page-data.ts reads it): the answers of
 * GET /storefront/config, GET /products/:code and its reviews as the shop's publishable key gets
 * them — public reads only, the same for every visitor, since the page may be cached for all —
 * and when they were read (`at`, ms), so the app refetches them once they are older than it keeps data fresh.
 */
export interface StorefrontPageData {
  path: string;
  at: number;
  shop: ShopConfig;
  product?: unknown;
  reviews?: unknown;
}

interface ShopConfig {
  tenant: string;
  name: string;
  publishableKey: string;
}

/** The shop as the app resolves it (shop.ts): named, else by host with the default shop asked side by side. */
async function shopConfig(apiUrl: string, request: { host: string; shop?: string | null; defaultShop?: string }): Promise<ShopConfig | undefined> {
  const config = (query: string) => fetch(`${apiUrl}/storefront/config?${query}`);
  const named = request.shop ?? undefined;
  const byRequest = config(named ? `tenant=${encodeURIComponent(named)}` : `host=${encodeURIComponent(request.host.replace(/:\d+$/, '').toLowerCase())}`);
  const fallback = !named && request.defaultShop ? config(`tenant=${encodeURIComponent(request.defaultShop)}`) : undefined;
  fallback?.catch(() => undefined);
  let reply = await byRequest;
  if (reply.status === 404 && fallback) reply = await fallback;
  return reply.ok ? ((await reply.json()) as ShopConfig) : undefined;
}

const PAGE = /^\/(products|categories)\/([A-Za-z0-9._:-]{1,100})\/?$/;

interface ReadBody {
  code: string;
  name?: string;
  attributes: {
    description?: string;
    price?: { amount: number; currency: string };
    active?: boolean;
    media?: { variantSkus?: string[]; alt?: string; width?: number; height?: number; renditions: { width: number; url: string; format?: string }[] }[];
  };
}

function productOf(body: ReadBody): CrawlerProduct | null {
  const { price, description, media, active } = body.attributes;
  if (!price || active === false) return null;
  const largest = [...(media?.[0]?.renditions ?? [])].sort((a, b) => b.width - a.width)[0];
  const picture = galleryPicture(media?.[0]);
  return { code: body.code, name: body.name ?? body.code, price, ...(description ? { description } : {}), ...(largest ? { imageUrl: largest.url } : {}), ...(picture ? { galleryPicture: picture } : {}) };
}

/** The gallery's `sizes` (web/store/src/pages/product.tsx). */
const GALLERY_SIZES = '(min-width: 768px) 560px, 100vw';
/** The `<picture>` sources the storefront offers, best first (web/store/src/product-card.tsx `SOURCES`). */
const SOURCES = [
  { format: 'heif', type: 'image/avif' },
  { format: 'webp', type: 'image/webp' },
];

/**
 * The gallery's first image as the page's own `<picture>` draws it (web/store/src/product-card.tsx
 * `ProductImage`: AVIF and WebP sources, the original's format as the `<img>`), for the page's
 * first paint (crawler-html.ts `productSnapshot`) and its preload; only when it is the first image for
 * every variant (a variant's own images come first only once it is chosen).
 */
function galleryPicture(first: NonNullable<ReadBody['attributes']['media']>[number] | undefined): CrawlerProduct['galleryPicture'] {
  if (!first || first.variantSkus?.length || !first.width || !first.height) return undefined;
  const bySize = (format: string) => first.renditions.filter((r) => r.format === format).sort((a, b) => a.width - b.width);
  const srcset = (renditions: { width: number; url: string }[]) => renditions.map((r) => `${r.url} ${r.width}w`).join(', ');
  const fallbackFormat = first.renditions.find((r) => !SOURCES.some((s) => s.format === r.format))?.format ?? 'webp';
  const fallback = bySize(fallbackFormat);
  if (!fallback.length) return undefined;
  const sources = SOURCES.filter((s) => s.format !== fallbackFormat && bySize(s.format).length).map((s) => ({ type: s.type, srcset: srcset(bySize(s.format)) }));
  return { sources, src: fallback[0]!.url, srcset: srcset(fallback), sizes: GALLERY_SIZES, width: first.width, height: first.height, alt: first.alt ?? '' };
}

function categoryOf(body: ReadBody): CrawlerCategory | null {
  if (body.attributes.active === false) return null;
  return { code: body.code, name: body.name ?? body.code, ...(body.attributes.description ? { description: body.attributes.description } : {}) };
}
