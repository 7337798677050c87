/**
 * Which cart this browser shops with, per shop: its id and — for a guest — the token the API
 * returned once when the cart was made (the API keeps only its digest; it travels in the
 * `x-cart-token` header, never in a URL). Kept in localStorage so the cart survives a closed tab,
 * as shoppers expect; a signed-in customer's cart needs no token (the bearer token proves it).
 */
export interface CartRef {
  id: string;
  /** A guest cart's token; absent for a customer's own cart. */
  token?: string;
}

const key = (tenant: string) => `shopstream.store.cart.${tenant}`;
const CHANGED = 'shopstream-cart';

export function currentCart(tenant: string): CartRef | undefined {
  try {
    const stored = localStorage.getItem(key(tenant));
    return stored ? (JSON.parse(stored) as CartRef) : undefined;
  } catch {
    return undefined;
  }
}

export function rememberCart(tenant: string, cart: CartRef): void {
  localStorage.setItem(key(tenant), JSON.stringify(cart));
  window.dispatchEvent(new Event(CHANGED));
}

/** After checkout completed it, or when the API no longer knows it. */
export function forgetCart(tenant: string): void {
  localStorage.removeItem(key(tenant));
  window.dispatchEvent(new Event(CHANGED));
}

/** For useSyncExternalStore: another tab or page of this app changed the cart. */
export function onCartChange(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  window.addEventListener('storage', listener);
  return () => {
    window.removeEventListener(CHANGED, listener);
    window.removeEventListener('storage', listener);
  };
}

/** The headers a call about this cart needs (the guest's token; nothing for a customer's cart). */
export const cartHeaders = (cart: CartRef): Record<string, string> => (cart.token ? { 'x-cart-token': cart.token } : {});
