/**
 * The products of a list of SKUs (a cart's or wishlist's lines) in one call: their names, prices
 * and primary images from the read model's search (GET /search/products?sku=...). The cart's own
 * answers carry no images, so adding a line costs the write path nothing more.
 */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../shared/api/client';
import type { Hit } from './product-card';
import { useStore } from './shopping-cart';

/** As many as one search names (the API's `sku` limit and page size). */
const MAX_SKUS = 100;

export function useProductsBySku(skus: string[]): Map<string, Hit> {
  const { api } = useStore();
  const wanted = [...new Set(skus)].sort().slice(0, MAX_SKUS);
  const found = useQuery({
    queryKey: ['search', { sku: wanted }],
    enabled: wanted.length > 0,
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/search/products', { params: { query: { sku: wanted.join(','), limit: MAX_SKUS } } })).items as Hit[],
  });
  const bySku = new Map<string, Hit>();
  for (const hit of found.data ?? []) for (const sku of hit.skus) bySku.set(sku, hit);
  return bySku;
}

/** What a line of `sku` shows: the variant's own image when staff bound one to it, else the product's primary image. */
export const imageOfSku = (hit: Hit | undefined, sku: string) => hit?.variants.find((v) => v.sku === sku)?.image ?? hit?.image;
