import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { PageQueryDto } from '../../http/page-query.dto';
import { CategoryService } from './category.service';
import { CATEGORY_SORT_KEYS } from './category.model';
import { sortedPageView } from '../../http/page-view';
import { CategoryListQueryDto, CategoryListResponse, CategoryProductPageResponse, CategoryResponse, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

@ApiTags('categories')
@ApiBearerAuth()
@Controller('categories')
export class CategoryController {
  constructor(private readonly categories: CategoryService) {}

  @Post()
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Create a category (slug unique in the shop; parent fixed once created)' })
  @ApiResponse({ status: 201, description: 'The category, version 1', type: CategoryResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateCategoryDto) {
    return entityView(await this.categories.create(ctx, dto));
  }

  @Patch(':code')
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Change name, slug, position, description or active, with the version you last read' })
  @ApiResponse({ status: 200, description: 'The category at its new version', type: CategoryResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateCategoryDto) {
    return entityView(await this.categories.update(ctx, code, dto));
  }

  @Get()
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @ApiOperation({ summary: 'The category tree (shoppers: active categories)' })
  @ApiResponse({ status: 200, description: 'A page of categories, by default by parent then position', type: CategoryListResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: CategoryListQueryDto) {
    return sortedPageView(ctx, await this.categories.list(ctx), CATEGORY_SORT_KEYS, { ...query, sort: query.sort ?? 'position' });
  }

  @Get(':code')
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @ApiOperation({ summary: 'Read one category' })
  @ApiResponse({ status: 200, description: 'The newest version', type: CategoryResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.categories.get(ctx, code));
  }

  @Get(':code/products')
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @ApiOperation({ summary: 'Active products of the category and all its descendants, one bounded read per page' })
  @ApiResponse({ status: 200, description: 'A page of products', type: CategoryProductPageResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async products(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Query() query: PageQueryDto) {
    return this.categories.products(ctx, code, query);
  }
}
