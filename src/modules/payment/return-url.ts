/** Hosts a shopper may always be sent back to: a storefront running on the developer's machine. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

/**
 * Why a `returnUrl` may not be where a payment page sends the shopper back (undefined: it may):
 * http(s) only, and when the shop has storefront domains, one of them or a local host. The page
 * checks it again before redirecting, so a URL edited in the address bar sends nobody elsewhere.
 */
export function returnUrlProblem(value: string, domains: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an absolute http(s) URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (domains.length > 0 && !domains.includes(url.hostname) && !LOCAL_HOSTS.includes(url.hostname)) {
    return `must be on one of the shop's storefront domains (${domains.join(', ')}) or localhost`;
  }
  return undefined;
}

/** The return URL with the payment's code and outcome appended to its query. */
export function returnWith(returnUrl: string, paymentCode: string, outcome: 'approved' | 'declined' | 'requires_action'): string {
  const url = new URL(returnUrl);
  url.searchParams.set('payment', paymentCode);
  url.searchParams.set('outcome', outcome);
  return url.toString();
}
