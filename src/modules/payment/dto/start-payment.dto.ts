import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { SingleLineText } from '../../../http/plain-text';

/** POST /carts/:id/payments and POST /orders/:code/payments: where the provider's page sends the shopper back. */
export class StartPaymentDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uri',
    maxLength: 2000,
    example: 'http://localhost:5174/checkout/return',
    description:
      "where the provider's hosted page sends the shopper back (provider `test`: with `?payment=<code>&outcome=approved|declined|requires_action`): http(s), and when the shop has storefront domains one of them or localhost/127.0.0.1",
  })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @MaxLength(2000)
  returnUrl?: string;
}
