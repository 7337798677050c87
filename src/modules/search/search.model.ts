import type { StockState } from '../catalog';
/** What a shopper's search asks, after validation (dto/search.dto.ts). */
export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'name'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const MAX_SEARCH_PAGE = 100;
export const MAX_QUERY_LENGTH = 200;
export const MAX_OPTION_FILTERS = 5;
export const MAX_OPTION_VALUES = 10;
/** SKUs one search may name (`sku`): a cart's or wishlist's lines. */
export const MAX_SKU_FILTER = 100;
/** Lower bounds of the price facet's buckets, in minor units; the last bucket is open. */
export const PRICE_BUCKETS = [0, 1000, 2500, 5000, 10000, 25000, 50000] as const;

export interface OptionFilter {
  /** The option's name in lower case (`option.size` → `size`). */
  name: string;
  /** Any of these values (compared without case). */
  values: string[];
}

export interface SearchRequest {
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  options: OptionFilter[];
  inStock?: boolean;
  /** Only products with one of these SKUs. */
  skus?: string[];
  sort: SearchSort;
  limit: number;
  cursor?: string;
}

export interface SearchHit {
  code: string;
  name: string;
  description: string;
  price: { amount: number; currency: string };
  maxPrice: { amount: number; currency: string };
  inStock: boolean;
  categoryCodes: string[];
  skus: string[];
  /** Its primary image (the first by position), with URLs ready for `srcset`; null without any. */
  image: SearchHitImage | null;
  /** Each active variant's stock state, by SKU (from the read model's stock rows: as fresh as the projection). */
  /** With the variant's own first image (bound to its SKU), or null: then `image` shows for it. */
  variants: { sku: string; stockState: StockState; image: SearchHitImage | null }[];
  createdAt: string;
  /** Its visible reviews: average (null without any), count, count per rating. */
  reviews: { average: number | null; count: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  /** Present when the query has text. */
  score?: number;
}

export interface SearchHitImage {
  alt: string;
  width: number;
  height: number;
  renditions: { width: number; format: string; url: string }[];
}

export interface SearchFacets {
  categories: { code: string; name: string; slug: string; count: number }[];
  options: { name: string; values: { value: string; count: number }[] }[];
  price: { min: number; max?: number; count: number }[];
  availability: { inStock: number; outOfStock: number };
}

export interface SearchResult {
  items: SearchHit[];
  cursor?: string;
  total: number;
  facets: SearchFacets;
  /** "Did you mean": corrected queries when a query with text has few hits (else empty). */
  suggestions: string[];
}
