import { ApiProperty } from '@nestjs/swagger';
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
