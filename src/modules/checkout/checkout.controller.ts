import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiGuestCart } from '../../http/api-security';
import type { Response } from 'express';
import { CartToken, Roles, Tenant } from '../../auth/auth.decorators';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { OrderResponse } from '../order/http';
import { CheckoutService } from './checkout.service';
import { CompleteCartDto, CompletedOrderResponse } from './dto/checkout.dto';

@ApiTags('checkout')
@ApiBearerAuth()
@Controller('carts')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  @Post(':id/complete')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({
    summary:
      'Check out: the cart (at the version the shopper reviewed) becomes an order, once. The order is pending; its stock and coupons are held by the stream, then it is confirmed (offline payment) or awaits payment until the hold ends (online). ' +
      'Lines over the shop order limits (maxLineQuantity, maxOrderUnits, 25 lines; lowered since they were added) are refused with 400 naming `lines.<lineId>.quantity` or `lines`. ' +
      "429 past customerActionsPerHour (a customer's, or a guest's per normalized email), guestCheckoutsPerClientPerMinute or guestActionsPerKeyPerMinute",
  })
  @ApiResponse({ status: 201, description: "The order the cart became (version 1, pending); a guest's also carries `orderToken`", type: CompletedOrderResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiResponse({ status: 200, description: 'The cart was completed before (a retry): the order it became, newest version (a guest gets a fresh `orderToken`)', type: CompletedOrderResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 429, 504)
  async complete(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: CompleteCartDto, @Res({ passthrough: true }) res: Response, @CartToken() token?: string) {
    const { order, created, orderToken } = await this.checkout.complete(ctx, id, token, dto);
    res.status(created ? 201 : 200);
    return { ...entityView(order), ...(orderToken ? { orderToken } : {}) };
  }

  @Get(':id/order')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'The order a completed cart became, newest version (how a guest follows their order)' })
  @ApiResponse({ status: 200, description: 'The order', type: OrderResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async order(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @CartToken() token?: string) {
    return entityView(await this.checkout.orderOfCart(ctx, id, token));
  }
}
