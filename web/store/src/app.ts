/** What every storefront route reads from the router context: the runtime config, the shop, the session and the API. */
import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../shared/api/client';
import type { Session } from '../../shared/session';
import type { Shop } from './shop';

/** /config.json, written next to index.html when the app is served (npm start) or deployed. */
export interface RuntimeConfig {
  apiUrl: string;
  /** The shop when neither the host nor `?shop=` names one (locally: the demo shop). */
  defaultShop?: string;
}

export interface StoreContext {
  config: RuntimeConfig;
  shop: Shop;
  /** A signed-in customer (client `storefront`); a guest has none and is known by the shop's publishable key. */
  session: Session;
  api: ApiClient;
  queryClient: QueryClient;
}

/** Only a path of this app (never another origin) is a place to return to after sign-in. */
export const safeReturn = (target: string | undefined) => (target && target.startsWith('/') && !target.startsWith('//') ? target : '/');
