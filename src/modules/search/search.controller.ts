import { Controller, Get, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { ValidationFailedError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors } from '../../http/api-errors';
import { SearchQueryDto, SearchResultResponse, SearchSuggestionsResponse, SuggestionQueryDto } from './dto/search.dto';
import { OPTION_FILTERS, OptionFiltersInterceptor, WithOptionFilters } from './option-filters.interceptor';
import { MAX_OPTION_FILTERS, MAX_OPTION_VALUES } from './search.model';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('products')
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @UseInterceptors(OptionFiltersInterceptor)
  @ApiOperation({
    summary: 'Search the active products of the shop: text, filters, sorts, facets, cursor pages',
    description:
      'Served by the read model (it follows the catalog and stock within moments). Facets count the products that match every filter but their own. ' +
      `Option filters are \`option.<name>=<value>[,<value>]\` (any option name, e.g. option.size=M,L; at most ${MAX_OPTION_FILTERS} options, ${MAX_OPTION_VALUES} values each): a product matches when an active variant has one of the values.`,
  })
  @ApiQuery({ name: 'option.size', required: false, type: String, description: 'example of an option filter: `option.<name>=<value>[,<value>]`', example: 'M,L' })
  @ApiResponse({ status: 200, description: 'A page of products with the facets', type: SearchResultResponse })
  @ApiErrors(400, 401, 403, 503, 504)
  async products(@Tenant() ctx: TenantContext, @Query() query: SearchQueryDto, @Req() request: WithOptionFilters) {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.maxPrice < query.minPrice) {
      throw new ValidationFailedError([{ field: 'maxPrice', problem: 'must not be below minPrice' }]);
    }
    return this.search.search(ctx, {
      ...(query.q !== undefined ? { q: query.q } : {}),
      ...(query.category !== undefined ? { category: query.category } : {}),
      ...(query.minPrice !== undefined ? { minPrice: query.minPrice } : {}),
      ...(query.maxPrice !== undefined ? { maxPrice: query.maxPrice } : {}),
      ...(query.inStock !== undefined ? { inStock: query.inStock } : {}),
      ...(query.sku !== undefined ? { skus: query.sku } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      options: request[OPTION_FILTERS] ?? [],
      sort: query.sort ?? 'relevance',
      limit: query.limit ?? 20,
    });
  }

  @Get('suggestions')
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @ApiOperation({ summary: 'Type-ahead: completions of what the shopper has typed, from the shop\'s product names and words (read model; bounded)' })
  @ApiResponse({ status: 200, description: 'The completions, best first', type: SearchSuggestionsResponse })
  @ApiErrors(400, 401, 403, 503, 504)
  async suggestions(@Tenant() ctx: TenantContext, @Query() query: SuggestionQueryDto) {
    return this.search.suggestions(ctx, query.q);
  }
}
