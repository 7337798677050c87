import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ApiGuestOrder } from '../../http/api-security';
import { CodeParam } from '../../http/code-param.pipe';
import { EmptyBodyDto } from '../../http/empty-body.dto';
import { OrderService } from '../order';
import { PaymentListResponse, PaymentResponse } from './dto/payment.response';
import { paidOnline } from './payment.controller';
import { PaymentService } from './payment.service';
import { StartPaymentDto } from './dto/start-payment.dto';
import { TestPspCheckout } from './test-psp.checkout';
import type { Request } from 'express';

/**
 * Paying for an order by its code: how a guest with the order token (`x-order-token`) pays or
 * retries later, without the cart. Who may see the order is the order service's call.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('orders')
export class OrderPaymentController {
  constructor(
    private readonly payments: PaymentService,
    private readonly orders: OrderService,
    private readonly testPsp: TestPspCheckout,
  ) {}

  @Post(':code/payments')
  @Roles('customer', 'guest')
  @ApiGuestOrder()
  @ApiOperation({
    summary:
      'Pay for an order awaiting payment, by its code (a guest: with the order token), as POST /carts/:id/payments does: the same refusals (409 `paid_offline`, `no_payment_provider`, `payment_attempts_exhausted`) and limits (429)',
  })
  @ApiResponse({ status: 201, description: 'The payment, version 1 (created)', type: PaymentResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiBody({ type: StartPaymentDto, required: false, description: 'optional: send no body, {} or a returnUrl (400 `returnUrl` when it is not allowed)' })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 429, 502, 504)
  async start(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() body: StartPaymentDto, @Req() request: Request) {
    const order = paidOnline(await this.orders.get(ctx, code));
    await this.testPsp.checkReturnUrl(ctx, body.returnUrl);
    return this.testPsp.withRedirect(ctx, request, entityView(await this.payments.start(ctx, order)), body.returnUrl);
  }

  @Get(':code/payments')
  @Roles('customer', 'guest')
  @ApiGuestOrder()
  @ApiOperation({ summary: "The order's payments, newest attempt first, each with its ledger (a guest: with the order token)" })
  @ApiResponse({ status: 200, description: 'The payments (newest versions)', type: PaymentListResponse })
  @ApiErrors(400, 401, 403, 404, 429, 504)
  async list(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    await this.orders.get(ctx, code);
    return { items: (await this.payments.payments(ctx, code)).map((p) => entityView(p)) };
  }
}
