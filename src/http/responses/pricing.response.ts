import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { MoneyDto } from '../money.dto';

/** The priced parts a cart and the order made from it both show: shared, so order and cart import neither's DTOs. */

@ApiSchema({ name: 'AppliedCoupon' })
export class AppliedCouponResponse {
  @ApiProperty({ type: String, example: 'WELCOME10' })
  code!: string;

  @ApiProperty({ type: String, enum: ['percentage', 'fixed', 'free_shipping'] })
  kind!: string;

  @ApiProperty({ type: MoneyDto, description: 'what it took off (lines, or shipping for free_shipping)' })
  amount!: MoneyDto;
}

@ApiSchema({ name: 'PricingRules' })
export class PricingRulesResponse {
  @ApiProperty({ type: [String], description: 'the tax rate codes used' })
  tax!: string[];

  @ApiPropertyOptional({ type: String, description: 'how the shipping price was made' })
  shipping?: string;
}

@ApiSchema({ name: 'CartShippingMethod' })
export class CartShippingMethodResponse {
  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ type: MoneyDto })
  amount!: MoneyDto;
}
