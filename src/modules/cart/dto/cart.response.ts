import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { FieldProblemResponse } from '../../../http/api-errors';
import { MoneyDto } from '../../../http/money.dto';
import { AddressDto } from '../../order/http';
import { CART_ACTIONS, CART_STATUSES } from '../cart.model';
import { AppliedCouponResponse, CartShippingMethodResponse, PricingRulesResponse } from '../../../http/responses/pricing.response';

@ApiSchema({ name: 'CartLine' })
export class CartLineResponse {
  @ApiProperty({ type: String, example: 'l1', description: 'stable within the cart' })
  lineId!: string;

  @ApiProperty({ type: String, example: 'TEE-RED-M' })
  sku!: string;

  @ApiProperty({ type: String, example: 'TEE' })
  productCode!: string;

  @ApiProperty({ type: String, example: 'T-shirt' })
  name!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { Size: 'M', Color: 'Red' } })
  options!: Record<string, string>;

  @ApiProperty({ type: 'integer', minimum: 1 })
  quantity!: number;

  @ApiProperty({ type: MoneyDto, description: "today's price of one unit (tax included when the shop's prices include tax)" })
  unitPrice!: MoneyDto;

  @ApiProperty({ type: Boolean, description: 'false when the SKU is no longer for sale: the line counts in no total and blocks checkout' })
  available!: boolean;

  @ApiProperty({ type: MoneyDto, description: 'unitPrice x quantity' })
  subtotal!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: "this line's share of the coupons' discount" })
  discount!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'tax of the line after its discount, rounded half up per line' })
  tax!: MoneyDto;

  @ApiProperty({ type: 'integer', example: 1900 })
  taxRateBps!: number;

  @ApiProperty({ type: String, example: 'DE-STD', description: 'the tax rate code that applied, reverse_charge, shop_default (the tenant rate, in a shop without tax rates) or no_rate' })
  taxRule!: string;

  @ApiProperty({ type: MoneyDto, description: 'subtotal - discount, plus tax when prices exclude tax' })
  total!: MoneyDto;
}

@ApiSchema({ name: 'CartPriceChange' })
export class CartPriceChangeResponse {
  @ApiProperty({ type: String })
  lineId!: string;

  @ApiProperty({ type: String })
  sku!: string;

  @ApiProperty({ type: MoneyDto, description: 'the price stored at this cart version (what the shopper reviewed)' })
  reviewed!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: "today's price" })
  current!: MoneyDto;
}

@ApiSchema({ name: 'Cart', description: 'A cart version, priced now (a converted or merged cart shows the totals it closed with). Totals always add up: total = subtotal - discount + shipping (+ tax when prices exclude tax).' })
export class CartResponse {
  @ApiProperty({ type: String, example: '01JD0000000000000000000000' })
  id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'send it as expectedVersion to complete the cart you reviewed' })
  version!: number;

  @ApiProperty({ enum: CART_STATUSES })
  status!: string;

  @ApiProperty({ type: String, enum: ['guest', 'customer'] })
  owner!: string;

  @ApiProperty({ type: String, example: 'EUR' })
  currency!: string;

  @ApiProperty({ type: [CartLineResponse] })
  lines!: CartLineResponse[];

  @ApiPropertyOptional({ type: String })
  email?: string;

  @ApiPropertyOptional({ type: AddressDto })
  shippingAddress?: AddressDto;

  @ApiPropertyOptional({ type: AddressDto })
  billingAddress?: AddressDto;

  @ApiPropertyOptional({ type: String })
  vatId?: string;

  @ApiPropertyOptional({ type: String, description: 'the chosen shipping method' })
  shippingMethodCode?: string;

  @ApiPropertyOptional({ type: CartShippingMethodResponse, description: 'the chosen method, priced, when it still serves the address' })
  shippingMethod?: CartShippingMethodResponse;

  @ApiProperty({ type: [String], description: 'the coupons applied, in the order they apply' })
  couponCodes!: string[];

  @ApiProperty({ type: [AppliedCouponResponse], description: 'what each usable coupon took off' })
  coupons!: AppliedCouponResponse[];

  @ApiProperty({ type: MoneyDto })
  subtotal!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'all discounts: lines and shipping' })
  discount!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: "the chosen method's price before a free-shipping coupon" })
  shipping!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'all tax, included in the prices or added to them' })
  tax!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  total!: MoneyDto;

  @ApiProperty({ type: Boolean, description: "the shop's prices include tax" })
  taxIncluded!: boolean;

  @ApiProperty({ type: Boolean, description: 'EU B2B across borders with a valid VAT id: no VAT charged' })
  reverseCharge!: boolean;

  @ApiProperty({ type: PricingRulesResponse })
  rules!: PricingRulesResponse;

  @ApiProperty({ type: [FieldProblemResponse], description: 'what would stop a checkout now (unavailable lines, unusable coupons, a method that no longer serves)' })
  problems!: FieldProblemResponse[];

  @ApiProperty({ type: [CartPriceChangeResponse], description: 'lines whose price changed since this version was written: POST /carts/:id/reprice to accept them' })
  priceChanges!: CartPriceChangeResponse[];

  @ApiPropertyOptional({ type: String, description: 'converted: the order it became' })
  orderCode?: string;

  @ApiPropertyOptional({ type: String, description: 'merged: the cart it went into' })
  mergedInto?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  lastActivityAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({ type: String, description: 'only in the answer that created a guest cart: send it as x-cart-token with every call on this cart; it is never shown again' })
  cartToken?: string;
}

@ApiSchema({ name: 'CartChange' })
export class CartChangeResponse {
  @ApiProperty({ enum: CART_ACTIONS })
  action!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  detail?: Record<string, unknown>;

  @ApiProperty({ type: String })
  by!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
}

@ApiSchema({ name: 'CartVersion', description: 'One version of a cart: what changed, its lines (with the prices stored then) and the totals it had' })
export class CartVersionResponse {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({ enum: CART_STATUSES })
  status!: string;

  @ApiProperty({ type: CartChangeResponse })
  change!: CartChangeResponse;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  lines!: Record<string, unknown>[];

  @ApiProperty({ type: [String] })
  couponCodes!: string[];

  @ApiPropertyOptional({ type: String })
  shippingMethodCode?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'subtotal, discount, shipping, tax, total (money), per-line figures, coupons and rules, as priced at this version' })
  totals!: Record<string, unknown>;

  @ApiPropertyOptional({ type: String })
  orderCode?: string;
}

@ApiSchema({ name: 'CartHistory' })
export class CartHistoryResponse {
  @ApiProperty({ type: String })
  id!: string;

  @ApiProperty({ type: [CartVersionResponse], description: 'this page of versions, oldest first' })
  versions!: CartVersionResponse[];

  @ApiPropertyOptional({ type: String, description: 'the next page (`?cursor=`); absent on the last page' })
  cursor?: string;
}

@ApiSchema({ name: 'ShippingOption' })
export class ShippingOptionResponse {
  @ApiProperty({ type: String, example: 'standard' })
  methodCode!: string;

  @ApiProperty({ type: String, example: 'Standard (3-5 days)' })
  methodName!: string;

  @ApiProperty({ type: String, example: 'eu' })
  zoneCode!: string;

  @ApiProperty({ type: MoneyDto, description: 'for this cart (subtotal after discounts, weight)' })
  amount!: MoneyDto;

  @ApiProperty({ type: String, description: 'how the price was made' })
  rule!: string;
}

@ApiSchema({ name: 'ShippingOptions' })
export class ShippingOptionsResponse {
  @ApiProperty({ type: String })
  cartId!: string;

  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ type: [ShippingOptionResponse] })
  options!: ShippingOptionResponse[];
}
