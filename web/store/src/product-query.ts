import { unwrap, type ApiClient } from '../../shared/api/client';

/**
 * A product page's reads: one definition for the page and for the early fetch main.tsx starts on a
 * product URL. The reviews are fetched beside the product, not after it renders: they are the
 * page's largest block, so their paint is the page's largest contentful paint.
 */
export const productQuery = (api: ApiClient, code: string) => ({
  queryKey: ['product', code] as const,
  queryFn: async () => unwrap(await api.GET('/products/{code}', { params: { path: { code } } })),
});

export const reviewsQuery = (api: ApiClient, code: string) => ({
  queryKey: ['reviews', code] as const,
  queryFn: async () => unwrap(await api.GET('/products/{code}/reviews', { params: { path: { code } } })),
});
