import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../shared/api/client';
import { productQuery, reviewsQuery } from './product-query';
import type { Shop } from './shop';

type Read<Q extends (api: ApiClient, code: string) => { queryFn: () => Promise<unknown> }> = Awaited<ReturnType<ReturnType<Q>['queryFn']>>;

/**
 * What the server wrote into a product page's HTML (src/modules/storefront/storefront-page.ts,
 * `StorefrontPageData`): the shop's config, the product and its reviews as a visitor reads them,
 * and when (`at`). The app starts from them, so the product paints without waiting on the API.
 */
export interface PageData {
  path: string;
  at: number;
  shop: Shop;
  product?: Read<typeof productQuery>;
  reviews?: Read<typeof reviewsQuery>;
}

/** The page's data, only if it was written for this very path (a cached or edited page is not trusted for another). */
export function pageData(): PageData | undefined {
  const script = document.getElementById('storefront-data');
  if (!script?.textContent) return undefined;
  try {
    const data = JSON.parse(script.textContent) as PageData;
    return data.path === location.pathname ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The product page's queries, from the page's data where it has them (dated when the server read
 * them: older than the queries' staleTime, they are refetched behind the painted page), else fetched now.
 */
export function startProductQueries(queryClient: QueryClient, api: ApiClient, code: string, data: PageData | undefined): void {
  const product = productQuery(api, code);
  const reviews = reviewsQuery(api, code);
  if (data?.product) queryClient.setQueryData(product.queryKey, data.product, { updatedAt: data.at });
  else void queryClient.prefetchQuery(product);
  if (data?.reviews) queryClient.setQueryData(reviews.queryKey, data.reviews, { updatedAt: data.at });
  else void queryClient.prefetchQuery(reviews);
}
