import { unwrap, type ApiClient } from '../../shared/api/client';

/** A product as shoppers read it: one query for the page and for the early fetch main.tsx starts on a product URL. */
export const productQuery = (api: ApiClient, code: string) => ({
  queryKey: ['product', code] as const,
  queryFn: async () => unwrap(await api.GET('/products/{code}', { params: { path: { code } } })),
});
