import createClient from 'openapi-fetch';
import type { Schemas } from '../../shared/api/client';
import type { paths } from '../../shared/api/schema';

/**
 * Which shop this storefront sells for. One deployed storefront serves many shops: the API maps the
 * host name to a shop (its `storefront.domains` setting) and answers with that shop's publishable
 * key. Locally — and for any shop while developing — `?shop=<tenant>` names it (kept for the tab in
 * sessionStorage, so links inside the app need not carry it); else the runtime config's default.
 * The shop is what GET /storefront/config answers (tenant, publishable key, name, currency, locale, time zone).
 */
/** The shop, with how its shoppers pay (`payment`: provider, online and offline methods, Stripe's publishable key). */
export type Shop = Schemas['StorefrontConfig'];

const SHOP_KEY = 'shopstream.store.shop';

export class UnknownShop extends Error {}

/** `written`: the shop the server wrote into the page (page-data.ts), taken when it is the one this tab names (or the tab names none, as the server then looked it up by host too). */
export async function resolveShop(apiUrl: string, defaultShop: string | undefined, written?: Shop): Promise<Shop> {
  const named = new URL(location.href).searchParams.get('shop') ?? sessionStorage.getItem(SHOP_KEY) ?? undefined;
  if (written && (!named || written.tenant === named)) {
    if (named) sessionStorage.setItem(SHOP_KEY, named);
    return written;
  }
  const api = createClient<paths>({ baseUrl: apiUrl });
  const byHost = api.GET('/storefront/config', { params: { query: named ? { tenant: named } : { host: location.hostname } } });
  // A local host name no shop claims falls back to the deployment's default shop, if it names one.
  // Asked side by side with the host's lookup, so that case costs no second round trip before the
  // first paint (the product page's LCP budget); its answer is dropped when the host is a shop's.
  const fallback = !named && defaultShop ? api.GET('/storefront/config', { params: { query: { tenant: defaultShop } } }) : undefined;
  fallback?.catch(() => undefined);
  let reply = await byHost;
  if (reply.response.status === 404 && fallback) reply = await fallback;
  if (!reply.data) throw new UnknownShop(`no shop for ${named ?? location.hostname} (${reply.response.status})`);
  const shop = reply.data;
  if (named) sessionStorage.setItem(SHOP_KEY, named);
  return shop;
}
