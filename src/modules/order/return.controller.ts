import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ApiGuestOrder } from '../../http/api-security';
import { CodeParam } from '../../http/code-param.pipe';
import { ChangeReturnDto, CreateReturnDto, ReturnListResponse, ReturnResponse } from './dto/return.dto';
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
