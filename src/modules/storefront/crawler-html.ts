import { Money, majorUnits } from '../../core/money';
import { escapeHtml } from '../../http/html';

/**
 * Tags for crawlers that run no script: a product or category page of the storefront gets its
 * title, description, canonical link, Open Graph tags and (products) JSON-LD `Product` written
 * into the app shell's <head>, so the page a crawler reads says what the page is about. Pure: the
 * caller (handlers/storefront-html.ts, the local store server) reads the shop, the product and the shell.
 */

/** What the tags say about a product (from the catalog's product read). */
export interface CrawlerProduct {
  code: string;
  name: string;
  description?: string;
  price: Money;
  /** Units available in some warehouse (absent: not known, no availability said). */
  inStock?: boolean;
  /** The primary image's URL, when the product has one. */
  imageUrl?: string;
  /** The gallery's first image as its `<picture>` draws it: preloaded, and in the page's first paint. */
  galleryPicture?: { sources: { type: string; srcset: string }[]; src: string; srcset: string; sizes: string; width: number; height: number; alt: string };
}

export interface CrawlerCategory {
  code: string;
  name: string;
  description?: string;
}

export interface ShellPage {
  /** The page's absolute URL (canonical, og:url): the storefront's origin and the path, no query. */
  url: string;
  tenant: { code: string; name: string };
  product?: CrawlerProduct | null;
  category?: CrawlerCategory | null;
  /**
   * What the app reads first on this page, written (product pages) as inert JSON under
   * `#storefront-data` for it to start from. Public reads only: the page is cached for every visitor.
   */
  appData?: object;
}

/** The id of the page's data script; web/store/src/page-data.ts reads it. */
const PAGE_DATA_ID = 'storefront-data';

/**
 * The product page's chunks, named by the store's build in its shell (web/store/vite.config.ts), so
 * that this page, knowing it is a product's, has them fetched beside the entry script rather than after it ran.
 */
const PRODUCT_CHUNKS = /<meta name="storefront-product-chunks" content="([^"]*)">/i;

/** Longest meta description written (search engines show about this much). */
const DESCRIPTION_LENGTH = 300;

/**
 * The shell with the page's tags in its <head> (before `</head>`; a <title> already there is
 * replaced), status 200; without a product or category (unknown, inactive), the shell as it is
 * with status 404, so crawlers do not index a page that shows nothing.
 */
export function renderStorefrontShell(shellHtml: string, page: ShellPage): { status: 200 | 404; html: string } {
  const tags = page.product ? productTags(page, page.product, shellHtml) : page.category ? categoryTags(page, page.category) : undefined;
  if (!tags) return { status: 404, html: shellHtml };
  const shell = page.product && page.appData ? paintFirst(shellHtml.replace(APP_ROOT, `<div id="root">${productSnapshot(page, page.product)}</div>`)) : shellHtml;
  const withoutTitle = shell.replace(/<title>[\s\S]*?<\/title>\s*/i, '');
  const at = withoutTitle.search(/<\/head>/i);
  const html = at < 0 ? `${tags}\n${withoutTitle}` : `${withoutTitle.slice(0, at)}${tags}\n${withoutTitle.slice(at)}`;
  return { status: 200, html };
}

function productTags(page: ShellPage, product: CrawlerProduct, shellHtml: string): string {
  const title = `${product.name} | ${page.tenant.name}`;
  const description = summary(product.description) || product.name;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    sku: product.code,
    ...(product.description ? { description: summary(product.description) } : {}),
    ...(product.imageUrl ? { image: [product.imageUrl] } : {}),
    url: page.url,
    offers: {
      '@type': 'Offer',
      url: page.url,
      price: majorUnits(product.price),
      priceCurrency: product.price.currency,
      ...(product.inStock !== undefined ? { availability: product.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock' } : {}),
    },
  };
  return [
    ...commonTags(page, title, description, 'product'),
    ...(product.imageUrl ? [meta('og:image', product.imageUrl)] : []),
    meta('product:price:amount', majorUnits(product.price)),
    meta('product:price:currency', product.price.currency),
    `<script type="application/ld+json">${scriptSafeJson(jsonLd)}</script>`,
    ...productPageLoad(page, product, shellHtml),
  ].join('\n');
}

/**
 * Not for crawlers: what lets the app paint the product sooner. The gallery's first image and the
 * product route's chunks load beside the entry script, and the app's first reads come with the page.
 */
function productPageLoad(page: ShellPage, product: CrawlerProduct, shellHtml: string): string[] {
  return [
    ...(product.galleryPicture ? [imagePreload(product.galleryPicture)] : []),
    ...(page.appData ? [`<script type="application/json" id="${PAGE_DATA_ID}">${scriptSafeJson(page.appData)}</script>`] : []),
    ...(PRODUCT_CHUNKS.exec(shellHtml)?.[1] ?? '')
      .split(/\s+/)
      .filter((src) => /^\/[\w./-]+\.js$/.test(src))
      .map((src) => `<link rel="modulepreload" crossorigin href="${escapeHtml(src)}">`),
  ];
}

/** The app's entry script as Vite writes it into the shell. */
const APP_SCRIPT = /<script type="module"(?: crossorigin)? src="(\/[\w./-]+\.js)"><\/script>/i;

/**
 * The app's script starts once the server's paint is on screen: fetched at once (modulepreload),
 * run after the first frame (a frame callback, then a task). Run as soon as it arrives, its
 * evaluation (a second and more on a slow CPU) could take the main thread before that frame and
 * hold the page blank until the app draws.
 */
function paintFirst(shellHtml: string): string {
  return shellHtml.replace(APP_SCRIPT, (_tag, src: string) => {
    const start = `requestAnimationFrame(function(){setTimeout(function(){var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src=${JSON.stringify(src)};document.head.appendChild(s)})})`;
    return `<link rel="modulepreload" crossorigin href="${escapeHtml(src)}"><script>${start}</script>`;
  });
}

/** The app's empty mount point in the shell (web/store/index.html). */
const APP_ROOT = /<div id="root"><\/div>/i;

/**
 * The product as the page's first paint, inside the app's mount point: the frame's header and the
 * product page's first column and name, price and description, with the classes the app's own
 * components use (web/store/src/shell.tsx, pages/product.tsx), so the app's first render, which
 * replaces it, lands on the same boxes. With a 4x slower CPU the app's script takes about a
 * second and a half before it draws anything; this paints as soon as the HTML and the stylesheet
 * are in, and a browser without script still shows the product. Escaped throughout.
 */
function productSnapshot(page: ShellPage, product: CrawlerProduct): string {
  const picture = product.galleryPicture;
  const image = picture
    ? `<picture>${picture.sources.map((s) => `<source type="${escapeHtml(s.type)}" srcset="${escapeHtml(s.srcset)}" sizes="${escapeHtml(picture.sizes)}">`).join('')}<img src="${escapeHtml(picture.src)}" srcset="${escapeHtml(picture.srcset)}" sizes="${escapeHtml(picture.sizes)}" width="${picture.width}" height="${picture.height}" alt="${escapeHtml(picture.alt)}" fetchpriority="high" class="aspect-square w-full rounded-md bg-gray-100 object-cover dark:bg-gray-800"></picture>`
    : '<div aria-hidden="true" class="aspect-square w-full rounded-md bg-gray-100 dark:bg-gray-800"></div>';
  const price = new Intl.NumberFormat('en', { style: 'currency', currency: product.price.currency }).format(Number(majorUnits(product.price)));
  return [
    '<div class="min-h-screen bg-white text-gray-900 dark:bg-gray-950 dark:text-gray-100">',
    `<header class="border-b border-gray-200 dark:border-gray-800"><div class="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-4 py-3"><a href="/" class="mr-auto text-lg font-semibold">${escapeHtml(page.tenant.name)}</a></div></header>`,
    '<main id="content" class="mx-auto max-w-6xl px-4 py-6"><article class="grid gap-8 md:grid-cols-2">',
    `<div class="flex flex-col gap-3">${image}</div>`,
    `<div class="flex flex-col gap-4"><h1 class="text-3xl font-semibold">${escapeHtml(product.name)}</h1><span class="flex flex-wrap items-baseline gap-2"><span class="font-semibold">${escapeHtml(price)}</span></span>`,
    product.description ? `<section><h2 class="mb-1 font-semibold">Description</h2><p class="whitespace-pre-line text-gray-800 dark:text-gray-200">${escapeHtml(product.description)}</p></section>` : '',
    '</div></article></main></div>',
  ].join('');
}

/** The picture's first source (browsers without its type skip a preload of it), else its `<img>`'s own renditions. */
function imagePreload(picture: NonNullable<CrawlerProduct['galleryPicture']>): string {
  const best = picture.sources[0];
  return `<link rel="preload" as="image"${best ? ` type="${escapeHtml(best.type)}"` : ''} imagesrcset="${escapeHtml(best?.srcset ?? picture.srcset)}" imagesizes="${escapeHtml(picture.sizes)}" fetchpriority="high">`;
}

function categoryTags(page: ShellPage, category: CrawlerCategory): string {
  return commonTags(page, `${category.name} | ${page.tenant.name}`, summary(category.description) || `${category.name} at ${page.tenant.name}`, 'website').join('\n');
}

function commonTags(page: ShellPage, title: string, description: string, type: string): string[] {
  return [
    `<title>${escapeHtml(title)}</title>`,
    `<meta name="description" content="${escapeHtml(description)}">`,
    `<link rel="canonical" href="${escapeHtml(page.url)}">`,
    meta('og:title', title),
    meta('og:description', description),
    meta('og:url', page.url),
    meta('og:type', type),
    meta('og:site_name', page.tenant.name),
  ];
}

function meta(property: string, content: string): string {
  return `<meta property="${escapeHtml(property)}" content="${escapeHtml(content)}">`;
}

/** The description on one line, cut at a word before DESCRIPTION_LENGTH. */
function summary(text: string | undefined): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  if (flat.length <= DESCRIPTION_LENGTH) return flat;
  const cut = flat.slice(0, DESCRIPTION_LENGTH - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), DESCRIPTION_LENGTH / 2))}…`;
}

/**
 * JSON inside <script>: HTML escaping would corrupt it, so the characters that could end the
 * script or start markup (`<`, `>`, `&`) and the line separators JavaScript rejects are
 * written as JSON escapes; the parsed value is unchanged.
 */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
