import { CrawlerCategory, CrawlerProduct, renderStorefrontShell } from './crawler-html';

/**
 * One storefront page for crawlers: `/products/:code` or `/categories/:code` of the shop that
 * `host` (or, locally, `?shop=<tenant>`) belongs to, as the app shell with the page's tags
 * (crawler-html.ts). The shop comes from GET /storefront/config and the product or category from
 * the API with the shop's publishable key, as any visitor reads them, so the caller (the local
 * store server, the storefront-html function) needs no access to the shop's data of its own.
 * Undefined when the path is no such page or no shop is found there: the caller serves the plain app.
 */
export async function storefrontPage(apiUrl: string, request: { path: string; host: string; shop?: string | null }, shell: string): Promise<{ status: 200 | 404; html: string } | undefined> {
  const match = PAGE.exec(request.path);
  if (!match) return undefined;
  const [, kind, code] = match as unknown as [string, 'products' | 'categories', string];
  const lookup = request.shop ? `tenant=${encodeURIComponent(request.shop)}` : `host=${encodeURIComponent(request.host.replace(/:\d+$/, '').toLowerCase())}`;
  const config = await fetch(`${apiUrl}/storefront/config?${lookup}`);
  if (!config.ok) return undefined;
  const { tenant, name, publishableKey } = (await config.json()) as { tenant: string; name: string; publishableKey: string };
  const read = await fetch(`${apiUrl}/${kind}/${encodeURIComponent(code)}`, { headers: { 'x-publishable-key': publishableKey } });
  if (!read.ok && read.status !== 404) return undefined;
  const body = read.ok ? ((await read.json()) as ReadBody) : undefined;
  const page = { url: `${request.host.startsWith('localhost') || request.host.startsWith('127.') ? 'http' : 'https'}://${request.host}${request.path}`, tenant: { code: tenant, name } };
  return kind === 'products' ? renderStorefrontShell(shell, { ...page, product: body ? productOf(body) : null }) : renderStorefrontShell(shell, { ...page, category: body ? categoryOf(body) : null });
}

const PAGE = /^\/(products|categories)\/([A-Za-z0-9._:-]{1,100})\/?$/;

interface ReadBody {
  code: string;
  name?: string;
  attributes: {
    description?: string;
    price?: { amount: number; currency: string };
    active?: boolean;
    media?: { renditions: { width: number; url: string }[] }[];
  };
}

function productOf(body: ReadBody): CrawlerProduct | null {
  const { price, description, media, active } = body.attributes;
  if (!price || active === false) return null;
  const largest = [...(media?.[0]?.renditions ?? [])].sort((a, b) => b.width - a.width)[0];
  return { code: body.code, name: body.name ?? body.code, price, ...(description ? { description } : {}), ...(largest ? { imageUrl: largest.url } : {}) };
}

function categoryOf(body: ReadBody): CrawlerCategory | null {
  if (body.attributes.active === false) return null;
  return { code: body.code, name: body.name ?? body.code, ...(body.attributes.description ? { description: body.attributes.description } : {}) };
}
