import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_MONEY_AMOUNT } from '../../../core/money';
import { MoneyDto } from '../../../http/money.dto';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';
import { ReviewSummaryResponse } from '../../review/http';
import { MAX_QUERY_LENGTH, MAX_SEARCH_PAGE, MAX_SKU_FILTER, SEARCH_SORTS, SearchSort } from '../search.model';
import { STOCK_STATES } from '../../catalog';
import { SingleLineText } from '../../../http/plain-text';
import { FEW_HITS, MAX_COMPLETIONS, MAX_PREFIX_LENGTH, MAX_SUGGESTIONS } from '../search-suggestions';

/** The query string of GET /search/products, except `option.<name>` (see option-filters.interceptor.ts). */
export class SearchQueryDto {
  @ApiPropertyOptional({ description: 'words to find in name, SKUs, option values and description (prefixes match; small typos too)', maxLength: MAX_QUERY_LENGTH, example: 'shirt' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @MaxLength(MAX_QUERY_LENGTH)
  q?: string;

  @ApiPropertyOptional({ description: 'a category code: products in it or any of its descendants', example: 'clothing' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be a category code' })
  category?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'lowest price, minor units (the product\'s lowest active variant price)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY_AMOUNT)
  minPrice?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'highest price, minor units; not below minPrice' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY_AMOUNT)
  maxPrice?: number;

  @ApiPropertyOptional({
    type: String,
    description: `SKUs, comma-separated (at most ${MAX_SKU_FILTER}): only the products with one of them, e.g. a cart's or wishlist's lines, for their names and images in one call`,
    example: 'TEE-M,MUG-1',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value))
  @ArrayMaxSize(MAX_SKU_FILTER, { message: `must name at most ${MAX_SKU_FILTER} SKUs` })
  @Matches(CODE_PATTERN, { each: true, message: `each SKU ${CODE_MESSAGE}` })
  sku?: string[];

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only products with units available; false: only those without' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'must be true or false' })
  inStock?: boolean;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, default: 'relevance', description: 'relevance (newest without q), price_asc, price_desc, newest, name' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort?: SearchSort;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SEARCH_PAGE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCH_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'the cursor of the previous page (same query and sort)' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @MaxLength(1000)
  cursor?: string;
}

@ApiSchema({ name: 'SearchHitRendition' })
export class SearchHitRenditionResponse {
  @ApiProperty({ type: 'integer', description: 'pixels; for `srcset` (`<url> <width>w`)' }) width!: number;
  @ApiProperty({ type: String, example: 'webp', description: "`heif` (AVIF, from a .avif URL), `webp`, or the original's format (`jpeg`, `png`): one of each per width, for `<picture>` sources" }) format!: string;
  @ApiProperty({ type: String, format: 'uri' }) url!: string;
}

@ApiSchema({ name: 'SearchHitImage', description: "an image of the product as the read model keeps it: the hit's primary image (its first by position), or a variant's own" })
export class SearchHitImageResponse {
  @ApiProperty({ type: String, description: 'alt text (empty until staff set it)' }) alt!: string;
  @ApiProperty({ type: 'integer', description: "the original's width in pixels (with height: the aspect ratio, for `width`/`height`)" }) width!: number;
  @ApiProperty({ type: 'integer' }) height!: number;
  @ApiProperty({ type: [SearchHitRenditionResponse], description: 'each width up to the original\'s (160, 480, 960, 1600, or its own when narrower) in each format' }) renditions!: SearchHitRenditionResponse[];
}

@ApiSchema({ name: 'SearchHitVariant' })
export class SearchHitVariantResponse {
  @ApiProperty({ type: String }) sku!: string;
  @ApiProperty({
    enum: STOCK_STATES,
    description:
      "for display, as GET /products/{code} tells it: out_of_stock when no warehouse has any available, low when what is available is under the warehouses' lowStockThreshold added up, else in_stock. From the read model's stock rows: as fresh as the projection (it lags the stream by about a second); adding to a cart and completing check the stock again",
  })
  stockState!: string;
  @ApiProperty({ type: SearchHitImageResponse, nullable: true, description: "its own first image by position (one staff bound to its SKU with `variantSkus`), e.g. for a cart or wishlist line of this variant; null when none is: then the hit's `image` shows for it" })
  image!: SearchHitImageResponse | null;
}

@ApiSchema({ name: 'SearchHit' })
export class SearchHitResponse {
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ type: MoneyDto, description: 'the lowest price of its active variants' }) price!: MoneyDto;
  @ApiProperty({ type: MoneyDto, description: 'the highest price of its active variants' }) maxPrice!: MoneyDto;
  @ApiProperty({ type: Boolean }) inStock!: boolean;
  @ApiProperty({ type: [String] }) categoryCodes!: string[];
  @ApiProperty({ type: [String] }) skus!: string[];
  @ApiProperty({ type: SearchHitImageResponse, nullable: true, description: 'its primary image; null without any' }) image!: SearchHitImageResponse | null;
  @ApiProperty({ type: [SearchHitVariantResponse], description: 'its active variants, by SKU, each with its stock state and its own image' })
  variants!: SearchHitVariantResponse[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: ReviewSummaryResponse, description: 'its visible reviews' }) reviews!: ReviewSummaryResponse;
  @ApiPropertyOptional({ type: Number, description: 'relevance, when the query has text' }) score?: number;
}

@ApiSchema({ name: 'CategoryFacet' })
export class CategoryFacetResponse {
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) slug!: string;
  @ApiProperty({ type: 'integer', description: 'products in it or its descendants' }) count!: number;
}

@ApiSchema({ name: 'OptionValueFacet' })
export class OptionValueFacetResponse {
  @ApiProperty({ type: String }) value!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

@ApiSchema({ name: 'OptionFacet' })
export class OptionFacetResponse {
  @ApiProperty({ type: String, example: 'Size' }) name!: string;
  @ApiProperty({ type: [OptionValueFacetResponse], description: 'at most 50, most frequent first' }) values!: OptionValueFacetResponse[];
}

@ApiSchema({ name: 'PriceFacet' })
export class PriceFacetResponse {
  @ApiProperty({ type: 'integer', description: 'minor units' }) min!: number;
  @ApiPropertyOptional({ type: 'integer', description: 'minor units; absent for the open last bucket' }) max?: number;
  @ApiProperty({ type: 'integer' }) count!: number;
}

@ApiSchema({ name: 'AvailabilityFacet' })
export class AvailabilityFacetResponse {
  @ApiProperty({ type: 'integer' }) inStock!: number;
  @ApiProperty({ type: 'integer' }) outOfStock!: number;
}

@ApiSchema({ name: 'SearchFacets', description: 'Each facet counts the products matching every filter but its own (disjunctive facets)' })
export class SearchFacetsResponse {
  @ApiProperty({ type: [CategoryFacetResponse] }) categories!: CategoryFacetResponse[];
  @ApiProperty({ type: [OptionFacetResponse] }) options!: OptionFacetResponse[];
  @ApiProperty({ type: [PriceFacetResponse] }) price!: PriceFacetResponse[];
  @ApiProperty({ type: AvailabilityFacetResponse }) availability!: AvailabilityFacetResponse;
}

@ApiSchema({ name: 'SearchResult' })
export class SearchResultResponse {
  @ApiProperty({ type: [SearchHitResponse] }) items!: SearchHitResponse[];
  @ApiPropertyOptional({ type: String, description: 'absent on the last page' }) cursor?: string;
  @ApiProperty({ type: 'integer', description: 'products matching every filter' }) total!: number;
  @ApiProperty({ type: SearchFacetsResponse }) facets!: SearchFacetsResponse;
  @ApiProperty({
    type: [String],
    maxItems: MAX_SUGGESTIONS,
    description: `"did you mean": when \`q\` has fewer than ${FEW_HITS} hits (first page), at most ${MAX_SUGGESTIONS} corrected queries from the shop's own words, best first; otherwise empty`,
    example: ['shirt'],
  })
  suggestions!: string[];
}

/** The query string of GET /search/suggestions. */
export class SuggestionQueryDto {
  @ApiProperty({ description: 'what the shopper has typed so far', maxLength: MAX_PREFIX_LENGTH, example: 'hoo' })
  @IsString()
  @SingleLineText()
  @MaxLength(MAX_PREFIX_LENGTH)
  q!: string;
}

@ApiSchema({ name: 'SearchSuggestions' })
export class SearchSuggestionsResponse {
  @ApiProperty({ type: [String], maxItems: MAX_COMPLETIONS, description: `at most ${MAX_COMPLETIONS}: product names that start with the text (or have a word that does), then its last word completed from the shop's words`, example: ['Zip hoodie', 'hoodie'] })
  suggestions!: string[];
}
