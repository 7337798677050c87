/**
 * The checkout's reads and writes of one cart, with the guest's `x-cart-token` on each. Every
 * write is a user action (Idempotency-Key per action, web/shared/api/use-action.ts) and answers
 * the cart priced now, which replaces the cached one: the page never shows a cart older than its
 * last write.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { unwrap, type ApiClient, type Schemas } from '../../../shared/api/client';
import { useAction } from '../../../shared/api/use-action';
import { cartHeaders, type CartRef } from '../cart-store';

export type Cart = Schemas['Cart'];
/**
 * Its own cache key: the shop's cart hook (shopping-cart.ts) forgets a cart that is no longer
 * active, while the checkout keeps following the converted cart to its payment.
 */
export const cartKey = (ref: CartRef) => ['checkout', ref.id] as const;

/** The cart being placed in this tab: the checkout follows it after the browser's cart is forgotten. */
const placingKey = (tenant: string) => `shopstream.store.placing.${tenant}`;
export const placing = {
  remember: (tenant: string, ref: CartRef) => sessionStorage.setItem(placingKey(tenant), JSON.stringify(ref)),
  get: (tenant: string): CartRef | undefined => JSON.parse(sessionStorage.getItem(placingKey(tenant)) ?? 'null') ?? undefined,
  forget: (tenant: string) => sessionStorage.removeItem(placingKey(tenant)),
};

export function useStore() {
  return useRouteContext({ from: '__root__' });
}

export function useCart(ref: CartRef) {
  const { api } = useStore();
  return useQuery({ queryKey: cartKey(ref), queryFn: async () => unwrap(await api.GET('/carts/{id}', { params: { path: { id: ref.id } }, headers: cartHeaders(ref) })) });
}

/** What a write needs: the cart, its headers with this action's key, and the API. */
export interface CartCall {
  api: ApiClient;
  path: { id: string };
  headers: Record<string, string>;
}

/** A change of the cart that answers the cart: the cached cart becomes the answer. */
export function useCartChange<V>(ref: CartRef, change: (call: CartCall, variables: V) => Promise<Cart>, onDone?: (cart: Cart) => void) {
  const { api } = useStore();
  const queryClient = useQueryClient();
  return useAction<V, Cart>(({ variables, idempotencyKey }) => change({ api, path: { id: ref.id }, headers: { ...cartHeaders(ref), 'Idempotency-Key': idempotencyKey } }, variables), {
    onSuccess: (cart) => {
      queryClient.setQueryData(cartKey(ref), cart);
      onDone?.(cart);
    },
  });
}
