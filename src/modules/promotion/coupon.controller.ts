import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { PageQueryDto } from '../../http/page-query.dto';
import { CouponBook } from './coupon.book';
import { CouponService } from './coupon.service';
import { COUPON_SORT_KEYS } from './coupon.model';
import { sortedPage } from '../../core/sorted-page';
import { CouponListQueryDto, CouponListResponse, CouponRedemptionPageResponse, CouponResponse, CreateCouponDto, UpdateCouponDto } from './dto/coupon.dto';

@ApiTags('coupons')
@ApiBearerAuth()
@Allow('coupons.manage')
@Controller('coupons')
export class CouponController {
  constructor(
    private readonly coupons: CouponService,
    private readonly book: CouponBook,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a coupon: percentage, fixed amount or free shipping, with scope, minimum, cap, validity and limits' })
  @ApiResponse({ status: 201, description: 'The coupon, version 1', type: CouponResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateCouponDto) {
    return { ...entityView(await this.coupons.create(ctx, dto)), redeemed: 0 };
  }

  @Get()
  @ApiOperation({ summary: 'Every coupon (newest versions)' })
  @ApiResponse({ status: 200, description: 'The coupons', type: CouponListResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: CouponListQueryDto) {
    const page = sortedPage(ctx, await this.coupons.list(ctx), COUPON_SORT_KEYS, { ...query, sort: query.sort ?? 'code' });
    // How often each is redeemed: one read per coupon of the page only.
    const items = await Promise.all(page.items.map(async (c) => ({ ...entityView(c), redeemed: await this.book.redeemed(ctx, c.code) })));
    return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  @Get(':code')
  @ApiOperation({ summary: 'Read one coupon, with how often it is redeemed now' })
  @ApiResponse({ status: 200, description: 'The newest version', type: CouponResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    const coupon = await this.coupons.get(ctx, code);
    return { ...entityView(coupon), redeemed: await this.book.redeemed(ctx, coupon.code) };
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Change a coupon (active: false stops new uses), with the version you last read' })
  @ApiResponse({ status: 200, description: 'The coupon at its new version', type: CouponResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateCouponDto) {
    const coupon = await this.coupons.update(ctx, code, dto);
    return { ...entityView(coupon), redeemed: await this.book.redeemed(ctx, coupon.code) };
  }

  @Delete(':code')
  @ApiOperation({ summary: 'Retire a coupon: no new uses (a new, inactive version); held redemptions stay' })
  @ApiResponse({ status: 200, description: 'The retired coupon', type: CouponResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async retire(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    const coupon = await this.coupons.retire(ctx, code);
    return { ...entityView(coupon), redeemed: await this.book.redeemed(ctx, coupon.code) };
  }

  @Get(':code/redemptions')
  @ApiOperation({ summary: 'The redemption ledger of a coupon: one line per order (held, released or final)' })
  @ApiResponse({ status: 200, description: 'A page of the ledger', type: CouponRedemptionPageResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async redemptions(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Query() query: PageQueryDto) {
    return this.coupons.redemptions(ctx, code, query);
  }
}
