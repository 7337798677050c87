import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CartToken, Roles, Tenant } from '../../auth/auth.decorators';
import { CommandItem } from '../../core/entity';
import { entityView } from '../../core/entity-view';
import { ConflictError, NotFoundError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ApiGuestCart } from '../../http/api-security';
import { CodeParam } from '../../http/code-param.pipe';
import { EmptyBodyDto } from '../../http/empty-body.dto';
import { CartService } from '../cart';
import { CheckoutService } from '../checkout';
import { OrderAttributes } from '../order';
import { PaymentListResponse, PaymentResponse } from './dto/payment.response';
import { PaymentService } from './payment.service';
import { StartPaymentDto } from './dto/start-payment.dto';
import { TestPspCheckout } from './test-psp.checkout';
import type { Request } from 'express';

/** A bank transfer is paid to the shop, and staff record it: not a provider payment (409 `paid_offline`). */
export function paidOnline(order: CommandItem<OrderAttributes>): CommandItem<OrderAttributes> {
  if (order.attributes.checkout?.paymentKind === 'offline') throw new ConflictError(`order ${order.code} is paid by ${order.attributes.paymentMethod}, outside shopstream`, { reason: 'paid_offline', status: order.attributes.status });
  return order;
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('carts')
export class PaymentController {
  constructor(
    private readonly payments: PaymentService,
    private readonly carts: CartService,
    private readonly checkout: CheckoutService,
    private readonly testPsp: TestPspCheckout,
  ) {}

  @Post(':id/payments')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({
    summary:
      "Pay for the order a cart became (awaiting payment): a payment with a pending authorization of the order's total; the provider's webhook settles it. " +
      '409 `no_payment_provider`, or `payment_attempts_exhausted` past maxPaymentAttemptsPerOrder (a refused start uses up no attempt number); ' +
      "429 past a guest's guestPaymentsPerClientPerMinute or the key's guestActionsPerKeyPerMinute",
  })
  @ApiResponse({ status: 201, description: 'The payment, version 1 (created)', type: PaymentResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiBody({ type: StartPaymentDto, required: false, description: 'optional: send no body, {} or a returnUrl (400 `returnUrl` when it is not allowed)' })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 429, 502, 504)
  async start(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() body: StartPaymentDto, @Req() request: Request, @CartToken() token?: string) {
    const order = paidOnline(await this.checkout.orderOfCart(ctx, id, token));
    await this.testPsp.checkReturnUrl(ctx, body.returnUrl);
    return this.testPsp.withRedirect(ctx, request, entityView(await this.payments.start(ctx, order)), body.returnUrl);
  }

  @Get(':id/payments')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'The payments of the order a cart became, newest attempt first, each with its ledger' })
  @ApiResponse({ status: 200, description: 'The payments (newest versions)', type: PaymentListResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async list(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @CartToken() token?: string) {
    const cart = await this.carts.owned(ctx, id, token);
    if (!cart.attributes.orderCode) throw new NotFoundError('order of cart', id);
    return { items: (await this.payments.payments(ctx, cart.attributes.orderCode)).map((p) => entityView(p)) };
  }

  @Post(':id/payments/:code/refresh')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The shopper is back from the provider's payment page: ask the provider now instead of waiting for its webhook, and apply what it says (racing the webhook gives one result)",
  })
  @ApiResponse({ status: 200, description: 'The payment (newest version)', type: PaymentResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiBody({ type: EmptyBodyDto, required: false, description: 'no fields: send no body, or {}' })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 502, 504)
  async refresh(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Param('code', CodeParam) code: string, @Body() _body: EmptyBodyDto, @CartToken() token?: string) {
    const cart = await this.carts.owned(ctx, id, token);
    const orderCode = cart.attributes.orderCode;
    if (!orderCode || !code.startsWith(`${orderCode}-P`)) throw new NotFoundError('payment', code);
    return entityView(await this.payments.refresh(ctx, code));
  }
}
