import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderResponse } from '../../order/http';
import { IsInt, Matches, Min } from 'class-validator';

export class CompleteCartDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the cart version the shopper reviewed; 409 with the current version when the cart changed since' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiProperty({ example: 'card', description: "one of the shop's payment methods (settings): online ones leave the order awaiting payment with its stock held, offline ones confirm it once stock is held" })
  @Matches(/^[a-z][a-z0-9_]{1,31}$/, { message: 'must be a payment method name such as card or cash_on_delivery' })
  paymentMethod!: string;
}

export class CompletedOrderResponse extends OrderResponse {
  @ApiPropertyOptional({
    description:
      "A guest checkout only: the order's access token (43 characters), given on every completion response. Send it as `x-order-token` with the publishable key to read the order and its history, pay for it and ask for a return; it opens this order only, until 90 days after delivery or cancel. Never put it in a URL",
  })
  orderToken?: string;
}
