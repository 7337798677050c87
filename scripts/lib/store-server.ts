/**
 * The storefront (dist/store, `npm run build:store`) as `npm start` serves it. Which shop it sells
 * for is not in this config: the app asks the API (`GET /storefront/config`) by its host name, or
 * by the `?shop=<tenant>` query parameter locally, so one build serves every shop.
 */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { startStaticSite, type StaticSite } from './static-site';

export const STORE_DIST = resolve(__dirname, '..', '..', 'dist', 'store');

export interface StoreRuntimeConfig {
  apiUrl: string;
  /** The shop when neither the host nor `?shop=` names one (locally: the demo shop). */
  defaultShop?: string;
}

export function startStoreServer(port: number, runtimeConfig: StoreRuntimeConfig, page?: StaticSite['page'], root = STORE_DIST): Promise<Server> {
  return startStaticSite(port, { root, runtimeConfig, buildCommand: 'npm run build:store', page });
}
