import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { PageQueryDto } from '../../http/page-query.dto';
import { CreateReviewDto, ListReviewsQueryDto, ModerateReviewDto, ProductReviewsResponse, ReviewListPageResponse, ReviewResponse } from './dto/review.dto';
import { ReviewService } from './review.service';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller()
export class ReviewController {
  constructor(private readonly reviews: ReviewService) {}

  @Post('products/:code/reviews')
  @Roles('customer')
  @ApiOperation({ summary: 'Review a product once: needs a delivered (or completed) order of yours containing it' })
  @ApiResponse({ status: 201, description: 'The review, version 1', type: ReviewResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: CreateReviewDto) {
    return entityView(await this.reviews.create(ctx, code, dto));
  }

  @Get('products/:code/reviews')
  @Allow('catalog.read')
  @Roles('customer', 'guest')
  @ApiOperation({ summary: "A product's reviews, newest first, with average, count and distribution (admins also see hidden ones)" })
  @ApiResponse({ status: 200, description: 'The summary and a page of reviews', type: ProductReviewsResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async ofProduct(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Query() query: PageQueryDto) {
    return this.reviews.ofProduct(ctx, code, { limit: query.limit ?? 20, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
  }

  @Get('reviews')
  @Allow('reviews.moderate')
  @ApiOperation({ summary: "Every review of the shop to moderate, newest first, by status, product and rating (from the read model: it lags by the feed's delay)" })
  @ApiResponse({ status: 200, description: 'A page of reviews; `cursor` absent on the last page', type: ReviewListPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ListReviewsQueryDto) {
    return this.reviews.list(ctx, {
      limit: query.limit ?? 20,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.productCode !== undefined ? { productCode: query.productCode } : {}),
      ...(query.rating !== undefined ? { rating: query.rating } : {}),
    });
  }

  @Patch('reviews/:code')
  @Allow('reviews.moderate')
  @ApiOperation({ summary: 'Hide or show a review, with the version you last read' })
  @ApiResponse({ status: 200, description: 'The review at its new version', type: ReviewResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async moderate(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: ModerateReviewDto) {
    return entityView(await this.reviews.moderate(ctx, code, dto));
  }
}
