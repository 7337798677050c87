import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ulid } from 'ulid';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { CreateRefundDto } from './dto/refund.dto';
import { PaymentResponse } from './dto/payment.response';
import { PaymentService } from './payment.service';

@ApiTags('payments')
@ApiBearerAuth()
@Allow('payments.refund')
@Controller('orders')
export class RefundController {
  constructor(private readonly payments: PaymentService) {}

  @Post(':code/refunds')
  @ApiOperation({ summary: "Refund part or all of an order's captured payment; more than is refundable (from the ledger) is 409. Send an Idempotency-Key: a retry must not refund twice" })
  @ApiResponse({ status: 201, description: 'The payment with the refund in its ledger', type: PaymentResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 502, 504)
  async refund(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: CreateRefundDto) {
    return entityView(await this.payments.refund(ctx, code, { amount: dto.amount, reason: dto.reason, refundId: ulid() }));
  }
}
