/**
 * The storefront's crawler HTML in AWS: CloudFront sends `/products/*` and `/categories/*` of the
 * storefront's hosts here (a function URL origin; the viewer's host comes as `x-forwarded-host`,
 * since CloudFront cannot forward `Host` to it). The page is the app shell (index.html of the
 * storefront, `STOREFRONT_SHELL_URL`, kept for `SHELL_CACHE_SECONDS`; in AWS
 * `https://{host}/index.html`: the distribution that called, whose address the function cannot be
 * given at deploy without a cycle, and only CloudFront may call it) with the product's
 * or category's tags (src/modules/storefront); the shop and its data come from the API
 * (`API_URL`) as any visitor reads them. No Nest, no table access.
 */
import { storefrontPage } from '../modules/storefront';
import { logger } from '../core/logger';

interface UrlEvent {
  rawPath: string;
  rawQueryString?: string;
  headers: Record<string, string | undefined>;
}

interface UrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const SHELL_CACHE_SECONDS = 60;
const shells = new Map<string, { html: string; until: number }>();

async function shellHtml(host: string): Promise<string> {
  const url = process.env.STOREFRONT_SHELL_URL!.replace('{host}', host);
  const kept = shells.get(url);
  if (kept && kept.until > Date.now()) return kept.html;
  const reply = await fetch(url);
  if (!reply.ok) throw new Error(`the storefront shell answered ${reply.status}`);
  const html = await reply.text();
  shells.set(url, { html, until: Date.now() + SHELL_CACHE_SECONDS * 1000 });
  return html;
}

export async function handler(event: UrlEvent): Promise<UrlResult> {
  const host = event.headers['x-forwarded-host'] ?? event.headers.host ?? '';
  const html = await shellHtml(host);
  const shop = new URLSearchParams(event.rawQueryString ?? '').get('shop');
  try {
    const page = await storefrontPage(process.env.API_URL!, { path: event.rawPath, host, shop }, html);
    if (page) return { statusCode: page.status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': page.status === 200 ? 'public, max-age=300' : 'no-cache' }, body: page.html };
  } catch (error) {
    // The tags are for crawlers: a person still gets the app.
    logger.warn('storefront page without its crawler tags', { path: event.rawPath, host, error: (error as Error).message });
  }
  return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }, body: html };
}
