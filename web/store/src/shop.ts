/**
 * Which shop this storefront sells for. One deployed storefront serves many shops: the API maps the
 * host name to a shop (its `storefront.domains` setting) and answers with that shop's publishable
 * key. Locally — and for any shop while developing — `?shop=<tenant>` names it (kept for the tab in
 * sessionStorage, so links inside the app need not carry it); else the runtime config's default.
 */
export interface Shop {
  tenant: string;
  publishableKey: string;
  name: string;
  currency: string;
  locale?: string;
  timeZone?: string;
  /** The checkout's payment choices (absent: the provider's card payment only); `stripeKey`: the shop's Stripe publishable key. */
  paymentMethods?: { online: string[]; offline: { method: string; kind: 'before_shipping' | 'on_delivery' }[]; stripeKey?: string };
}

const SHOP_KEY = 'shopstream.store.shop';

export class UnknownShop extends Error {}

export async function resolveShop(apiUrl: string, defaultShop: string | undefined): Promise<Shop> {
  const named = new URL(location.href).searchParams.get('shop') ?? sessionStorage.getItem(SHOP_KEY) ?? undefined;
  const query = named ? `tenant=${encodeURIComponent(named)}` : `host=${encodeURIComponent(location.hostname)}`;
  let response = await fetch(`${apiUrl}/storefront/config?${query}`);
  // A local host name no shop claims: the default shop of this deployment, if it has one.
  if (response.status === 404 && !named && defaultShop) response = await fetch(`${apiUrl}/storefront/config?tenant=${encodeURIComponent(defaultShop)}`);
  if (!response.ok) throw new UnknownShop(`no shop for ${named ?? location.hostname} (${response.status})`);
  const shop = (await response.json()) as Shop;
  if (named) sessionStorage.setItem(SHOP_KEY, named);
  return shop;
}
