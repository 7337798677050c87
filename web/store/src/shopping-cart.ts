/**
 * The cart as pages use it: the browser's cart (cart-store.ts) read through the API, and every
 * change as one user action (useAction: one Idempotency-Key per click, reused by retries). Each
 * change answers the cart at its new version, which replaces the cached one, so the header's
 * count, the drawer and the cart page never disagree.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { useMemo, useSyncExternalStore } from 'react';
import { unwrap, type ApiClient, type Schemas } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { useAction } from '../../shared/api/use-action';
import { cartHeaders, currentCart, forgetCart, onCartChange, rememberCart, type CartRef } from './cart-store';

export type Cart = Schemas['Cart'];

export const useStore = () => useRouteContext({ from: '__root__' });

const cartKey = (id: string | undefined) => ['cart', id];

/** The browser's cart, or undefined before the first add; a cart the API no longer sells with is forgotten. */
export function useCart() {
  const { api, shop } = useStore();
  const raw = useSyncExternalStore(onCartChange, () => JSON.stringify(currentCart(shop.tenant) ?? null));
  const ref = useMemo(() => (JSON.parse(raw) as CartRef | null) ?? undefined, [raw]);
  const query = useQuery({
    queryKey: cartKey(ref?.id),
    enabled: ref !== undefined,
    queryFn: async () => {
      const reply = await api.GET('/carts/{id}', { params: { path: { id: ref!.id } }, headers: cartHeaders(ref!) });
      // Gone, or not this visitor's any more (signed out of a customer's cart): start a new one on the next add.
      if ([401, 403, 404].includes(reply.response.status)) return forget(shop.tenant);
      const cart = unwrap(reply);
      return cart.status === 'active' ? cart : forget(shop.tenant);
    },
  });
  const cart = ref ? (query.data ?? undefined) : undefined;
  return { ref, cart, query, count: cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0 };
}

function forget(tenant: string): null {
  forgetCart(tenant);
  return null;
}

/** The browser's cart, made on the first add (a guest's answer carries its token, kept for later calls). */
async function ensureCart(api: ApiClient, tenant: string, key: string): Promise<CartRef> {
  const known = currentCart(tenant);
  if (known) return known;
  const cart = unwrap(await api.POST('/carts', { params: { header: { 'Idempotency-Key': `${key}.cart` } }, body: {} }));
  const ref = { id: cart.id, token: cart.cartToken };
  rememberCart(tenant, ref);
  return ref;
}

/**
 * A change of the cart: `run` gets the cart (made first when `create`), its headers and the
 * action's key, and answers the cart at its new version.
 */
export function useCartAction<V>(run: (api: ApiClient, cart: CartRef & { headers: Record<string, string>; key: string }, variables: V) => Promise<Cart>, options: { create?: boolean; onSuccess?: (cart: Cart) => void } = {}) {
  const { api, shop } = useStore();
  const queryClient = useQueryClient();
  return useAction<V, Cart>(
    async ({ variables, idempotencyKey }) => {
      const ref = options.create ? await ensureCart(api, shop.tenant, idempotencyKey) : currentCart(shop.tenant);
      if (!ref) throw new ApiError(404, { message: 'no cart' });
      return run(api, { ...ref, headers: cartHeaders(ref), key: idempotencyKey }, variables);
    },
    {
      onSuccess: (cart) => {
        queryClient.setQueryData(cartKey(cart.id), cart);
        options.onSuccess?.(cart);
      },
      onError: (error) => {
        // A stale version: show the newest cart so the shopper acts on what is there now.
        if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: ['cart'] });
      },
    },
  );
}

/** The key header of a mutation (the typed client wants it as a declared header). */
export const keyed = (key: string) => ({ 'Idempotency-Key': key });

/** Signing in: the guest cart folds into the customer's (POST /carts answers the customer's own), which becomes the browser's cart. */
export async function mergeGuestCart(api: ApiClient, tenant: string): Promise<void> {
  const guest = currentCart(tenant);
  const key = crypto.randomUUID();
  const mine = unwrap(await api.POST('/carts', { params: { header: keyed(`${key}.cart`) }, body: {} }));
  if (guest?.token && guest.id !== mine.id) {
    await api.POST('/carts/{id}/merge', { params: { path: { id: mine.id }, header: keyed(`${key}.merge`) }, body: { guestCartId: guest.id, guestCartToken: guest.token } }).then(unwrap).catch(() => undefined);
  }
  rememberCart(tenant, { id: mine.id });
}

/** The Drawer opened after an add, and from the header's cart link. */
const DRAWER = 'shopstream-cart-drawer';
let drawerOpen = false;
export function setDrawerOpen(open: boolean): void {
  drawerOpen = open;
  window.dispatchEvent(new Event(DRAWER));
}
export function useDrawerOpen(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener(DRAWER, listener);
      return () => window.removeEventListener(DRAWER, listener);
    },
    () => drawerOpen,
  );
}
