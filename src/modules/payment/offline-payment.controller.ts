import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrorsDescribed, ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { RecordOfflinePaymentDto } from './dto/offline-payment.dto';
import { PaymentResponse } from './dto/payment.response';
import { OfflinePayments } from './offline-payments';

@ApiTags('payments')
@ApiBearerAuth()
@Allow('payments.record')
@Controller('orders')
export class OfflinePaymentController {
  constructor(private readonly offline: OfflinePayments) {}

  @Post(':code/offline-payment')
  @ApiOperation({
    summary:
      "Record the money of an order paid offline before shipping (a bank transfer that arrived): a payment (provider `offline`) authorized and captured at once; the stream then confirms the order awaiting it, as a provider's authorization does. Once per order",
  })
  @ApiResponse({ status: 201, description: 'The payment recorded (version 1, captured); the order is confirmed by the stream', type: PaymentResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiResponse({ status: 200, description: 'This order had its offline payment recorded before (a retry): that payment, newest version', type: PaymentResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({
    400: "Invalid body, or an amount not in the order's currency (`amount.currency`) or below its total (`amount.amount`)",
    409: 'The order is not paid offline before shipping (`reason: not_offline_prepaid`), or no longer awaits payment (`status`, `currentVersion`: e.g. its hold ended, `payment_timeout`)',
  })
  @ApiErrors(401, 403, 404, 413, 422, 504)
  async record(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: RecordOfflinePaymentDto, @Res({ passthrough: true }) res: Response) {
    const { payment, created } = await this.offline.record(ctx, code, dto.amount, dto.reference);
    res.status(created ? 201 : 200);
    return entityView(payment);
  }
}
