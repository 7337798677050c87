/**
 * The storefront's crawler HTML on `npm start`'s store server: `/products/:code` and
 * `/categories/:code` get their tags written into the app shell (src/modules/storefront), as the
 * storefront-html function does in AWS; the shop is found as the app finds it, by `?shop=` or host, else the default shop.
 */
import type { IncomingMessage } from 'node:http';
import { storefrontPage } from '../../src/modules/storefront';
import type { PageAnswer } from './static-site';

export function crawlerPages(apiUrl: string, defaultShop?: string): (path: string, request: IncomingMessage, shell: string) => Promise<PageAnswer | undefined> {
  return (path, request, shell) =>
    storefrontPage(apiUrl, { path, host: request.headers.host ?? '127.0.0.1', shop: new URL(request.url ?? '/', 'http://store').searchParams.get('shop'), ...(defaultShop ? { defaultShop } : {}) }, shell);
}
