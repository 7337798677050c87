import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { MoneyDto } from '../../../http/money.dto';
import { EntityResponse } from '../../../http/responses/entity.response';
import { PAYMENT_STATES } from '../payment.model';

@ApiSchema({ name: 'PaymentTransaction' })
export class PaymentTransactionResponse {
  @ApiProperty({ enum: ['authorization', 'capture', 'void', 'refund', 'chargeback'] }) kind!: string;
  @ApiProperty({ type: MoneyDto }) amount!: MoneyDto;
  @ApiProperty({
    enum: ['pending', 'succeeded', 'failed', 'unmatched'],
    description: "`unmatched`: a figure the provider told that the ledger does not book (another reference or currency, an authorization of another amount than the payment's, the part of a capture, refund or chargeback above the ledger's bound); counted in no amount",
  })
  state!: string;
  @ApiPropertyOptional({ type: String, description: 'the provider event that settled it, or our own step (capture.shipment.S1, refund.<id>, void)' }) eventId?: string;
  @ApiPropertyOptional({ type: String, description: "the provider's id of a refund or dispute; on an unmatched line, the reference the provider named" }) reference?: string;
  @ApiPropertyOptional({ type: String, description: "a refund's reason" }) reason?: string;
  @ApiPropertyOptional({ type: String, description: 'what the money was for: a shipment, a return, a cancel' }) purpose?: string;
  @ApiPropertyOptional({ type: String, description: 'unmatched: why the ledger did not book it' }) problem?: string;
  @ApiPropertyOptional({ type: MoneyDto, description: "unmatched part of a total or a dispute: the provider's whole figure (`amount` is the part above the bound)" }) reported?: MoneyDto;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

@ApiSchema({ name: 'PaymentAttributes' })
export class PaymentAttributesResponse {
  @ApiProperty({ type: String }) orderCode!: string;
  @ApiProperty({ type: String, example: 'test' }) provider!: string;
  @ApiProperty({ type: String, example: 'card' }) method!: string;
  @ApiProperty({ type: MoneyDto }) amount!: MoneyDto;
  @ApiProperty({ enum: PAYMENT_STATES }) state!: string;
  @ApiProperty({ type: String, description: "the provider's reference" }) providerReference!: string;
  @ApiPropertyOptional({ type: Boolean, description: 'the shopper must act at the provider (3-D Secure) before it can be authorized' }) actionRequired?: boolean;
  @ApiPropertyOptional({ type: String, description: "Stripe: the PaymentIntent's client secret, for the storefront to confirm the payment" }) clientSecret?: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uri',
    description: "Provider `test` (local), in the answer to starting a payment: the test PSP's hosted page where a person approves, declines or asks for 3-D Secure; it then sends the shopper to `returnUrl` with `?payment=<code>&outcome=approved|declined|requires_action`",
  })
  redirectUrl?: string;
  @ApiProperty({ type: [PaymentTransactionResponse], description: 'the ledger: the state and every amount (authorized, captured, refunded, refundable) are derived from it' })
  transactions!: PaymentTransactionResponse[];
  @ApiPropertyOptional({ type: Boolean, description: 'the provider told something the ledger did not book (an `unmatched` line); the shop was mailed (topic `payment.review`)' }) needsReview?: boolean;
}

@ApiSchema({ name: 'Payment' })
export class PaymentResponse extends EntityResponse {
  @ApiProperty({ type: PaymentAttributesResponse }) attributes!: PaymentAttributesResponse;
}

@ApiSchema({ name: 'PaymentList' })
export class PaymentListResponse {
  @ApiProperty({ type: [PaymentResponse], description: 'newest attempt first' }) items!: PaymentResponse[];
}

@ApiSchema({ name: 'WebhookReceipt' })
export class WebhookReceiptResponse {
  @ApiProperty({ type: Boolean }) received!: boolean;
  @ApiProperty({
    enum: ['applied', 'duplicate', 'stale', 'ignored'],
    description: 'applied: the payment moved; duplicate: this event id was seen before; stale: tells the ledger nothing new; ignored: an event type or payment shopstream does not act on',
  })
  outcome!: string;
}
