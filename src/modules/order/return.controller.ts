import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ApiGuestOrder } from '../../http/api-security';
import { CodeParam } from '../../http/code-param.pipe';
import { PageQueryDto } from '../../http/page-query.dto';
import { pageView } from '../../http/page-view';
import { ChangeReturnDto, CreateReturnDto, ReturnListResponse, ReturnPageResponse, ReturnResponse } from './dto/return.dto';
import { ReturnService } from './return.service';

@ApiTags('returns')
@ApiBearerAuth()
@Controller()
export class ReturnController {
  constructor(private readonly returns: ReturnService) {}

  @Post('orders/:code/returns')
  @Allow('returns.manage')
  @Roles('customer', 'guest')
  @ApiGuestOrder()
  @ApiOperation({ summary: "Ask to return delivered units, within the shop's return window (returnWindowDays after delivery); 409 return_window_closed after it" })
  @ApiResponse({ status: 201, description: 'The return, version 1 (requested)', type: ReturnResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 429, 504)
  async request(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: CreateReturnDto) {
    return entityView(await this.returns.request(ctx, code, dto));
  }

  @Get('orders/:code/returns')
  @Allow('orders.read')
  @Roles('customer', 'guest')
  @ApiGuestOrder()
  @ApiOperation({ summary: "The order's returns, oldest first" })
  @ApiResponse({ status: 200, description: 'The returns (newest versions)', type: ReturnListResponse })
  @ApiErrors(400, 401, 403, 404, 429, 504)
  async list(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return { items: (await this.returns.list(ctx, code)).map((r) => entityView(r)) };
  }

  @Get('me/returns')
  @Roles('customer')
  @ApiOperation({
    summary: 'Your returns across your orders, newest first (limit, cursor)',
    description:
      'One read of your owner index per page; it follows the returns within moments (the stream\'s delay), so GET /orders/{code}/returns is the current word. ' +
      'A return asked for on a guest\'s order before you claimed it (POST /me/claim-guest-orders) is not listed here; its order\'s returns show it.',
  })
  @ApiResponse({ status: 200, description: 'A page of your returns (newest versions applied)', type: ReturnPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async mine(@Tenant() ctx: TenantContext, @Query() query: PageQueryDto) {
    return pageView(await this.returns.mine(ctx, query));
  }

  @Patch('returns/:code')
  @Allow('returns.manage')
  @ApiOperation({
    summary:
      'Accept, reject or receive a return (code <order>-R<n>). Received units are restocked or written off and their share of the order total (plus shipping when asked, once per order) is refunded by the stream; the return then becomes refunded',
  })
  @ApiResponse({ status: 200, description: 'The return at its new version', type: ReturnResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async change(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: ChangeReturnDto) {
    return entityView(await this.returns.change(ctx, code, dto));
  }
}
