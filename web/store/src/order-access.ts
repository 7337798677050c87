/**
 * A guest's access to one order: the order token from the checkout's answer or from the mail's
 * link (`/orders/<code>#token=<token>`: in the fragment, which no server receives). Kept in
 * sessionStorage per shop and order — it dies with the tab — and sent only as the `x-order-token`
 * header, never in a URL; the fragment is removed from the address bar once read.
 */
const key = (tenant: string, code: string) => `shopstream.store.order.${tenant}.${code}`;

export function rememberOrderToken(tenant: string, code: string, token: string): void {
  sessionStorage.setItem(key(tenant, code), token);
}

/** The token for this order: the link's fragment first (then dropped from the URL), else the tab's. */
export function orderToken(tenant: string, code: string): string | undefined {
  const fromLink = /(?:^#|&)token=([^&]+)/.exec(location.hash)?.[1];
  if (fromLink) {
    rememberOrderToken(tenant, code, decodeURIComponent(fromLink));
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(key(tenant, code)) ?? undefined;
}

export const orderHeaders = (token: string | undefined): Record<string, string> => (token ? { 'x-order-token': token } : {});
