import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ClaimedGuestOrdersResponse } from './dto/order.response';
import { GuestOrderClaims } from './order-claims';

/** A customer's own route under /me that belongs to orders: taking over the guest orders placed with their verified email. */
@ApiTags('orders')
@ApiBearerAuth()
@Roles('customer')
@Controller('me')
export class GuestOrderClaimController {
  constructor(private readonly claims: GuestOrderClaims) {}

  @Post('claim-guest-orders')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Make this shop's guest orders placed with your token's verified email yours: they then show in GET /orders and open with your token (their order tokens keep working). " +
      'Safe to repeat: a second call claims nothing new and answers the same orders. Finds orders through their email index, which lags the stream by moments',
  })
  @ApiResponse({ status: 200, type: ClaimedGuestOrdersResponse, description: 'What this call claimed, and every guest order you have claimed', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 403: 'Not a customer, or `email_not_verified`: your token carries no verified email' })
  @ApiErrors(400, 401, 413, 422, 504)
  async claim(@Tenant() ctx: TenantContext) {
    return this.claims.claim(ctx);
  }
}
