import { sortNames } from '../../../core/sorted-page';
import { SortedPageQuery } from '../../../http/page-query.dto';
import { COUPON_SORT_KEYS } from '../coupon.model';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { CURRENCY_MESSAGE } from '../../../core/money';
import { EntityResponse } from '../../../http/responses/entity.response';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';

export const COUPON_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$/;

class CouponFieldsDto {
  @ApiPropertyOptional({ type: [String], description: 'only lines of these products count (with categoryCodes: either)' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CODE_PATTERN, { each: true, message: CODE_MESSAGE })
  productCodes?: string[];

  @ApiPropertyOptional({ type: [String], description: 'only lines of products in these categories or their descendants count' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CODE_PATTERN, { each: true, message: CODE_MESSAGE })
  categoryCodes?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the eligible subtotal must be at least this (minor units)' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_00)
  minimumSubtotal?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the discount never exceeds this (minor units)' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_00)
  maxDiscount?: number;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() endsAt?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'redemptions over all shoppers' })
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000)
  usageLimit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'redemptions per person: counted by normalized mailbox (lower-cased, +tag dropped) of a guest\'s email or a customer\'s verified email, shared between the two; a customer without a verified email by their id' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  perCustomerLimit?: number;

  @ApiPropertyOptional({ default: false, description: 'cannot be combined with any other coupon' })
  @IsOptional() @IsBoolean()
  exclusive?: boolean;
}

export class CreateCouponDto extends CouponFieldsDto {
  @ApiProperty({ example: 'WELCOME10', description: 'what shoppers type; stored upper-case' })
  @Matches(COUPON_CODE, { message: 'must be 3-32 letters, digits, dashes or underscores' })
  code!: string;

  @ApiProperty({ enum: ['percentage', 'fixed', 'free_shipping'] })
  @IsIn(['percentage', 'fixed', 'free_shipping'])
  kind!: 'percentage' | 'fixed' | 'free_shipping';

  @ApiProperty({ type: 'integer', minimum: 0, example: 1000, description: 'percentage: basis points (1000 = 10 %); fixed: minor units; free_shipping: 0' })
  @IsDefined({ message: 'is required (0 for free_shipping)' }) @IsInt() @Min(0) @Max(1_000_000_00)
  value!: number;

  @ApiProperty({ example: 'EUR', description: 'the shop currency' })
  @Matches(/^[A-Z]{3}$/, { message: CURRENCY_MESSAGE })
  currency!: string;
}

export class UpdateCouponDto extends CouponFieldsDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) @IsInt() @Min(1) expectedVersion!: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000_00) value?: number;

  @ApiPropertyOptional({ description: 'false stops new uses; held redemptions stay' }) @IsOptional() @IsBoolean() active?: boolean;
}

@ApiSchema({ name: 'CouponAttributes' })
export class CouponAttributesResponse {
  @ApiProperty({ enum: ['percentage', 'fixed', 'free_shipping'] }) kind!: string;
  @ApiProperty({ type: 'integer' }) value!: number;
  @ApiProperty({ type: String }) currency!: string;
  @ApiProperty({ type: [String] }) productCodes!: string[];
  @ApiProperty({ type: [String] }) categoryCodes!: string[];
  @ApiPropertyOptional({ type: 'integer' }) minimumSubtotal?: number;
  @ApiPropertyOptional({ type: 'integer' }) maxDiscount?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) startsAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) endsAt?: string;
  @ApiPropertyOptional({ type: 'integer' }) usageLimit?: number;
  @ApiPropertyOptional({ type: 'integer' }) perCustomerLimit?: number;
  @ApiProperty({ type: Boolean }) exclusive!: boolean;
  @ApiProperty({ type: Boolean }) active!: boolean;
}

@ApiSchema({ name: 'Coupon' })
export class CouponResponse extends EntityResponse {
  @ApiProperty({ type: CouponAttributesResponse }) attributes!: CouponAttributesResponse;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'redemptions held or final now (released ones are given back)' }) redeemed!: number;
}

@ApiSchema({ name: 'CouponList' })
export class CouponListResponse {
  @ApiProperty({ type: [CouponResponse] }) items!: CouponResponse[];
  @ApiPropertyOptional({ description: 'where the next page starts (absent on the last page)' }) cursor?: string;
}

@ApiSchema({ name: 'CouponRedemption' })
export class CouponRedemptionResponse {
  @ApiProperty({ type: String }) couponCode!: string;
  @ApiProperty({ type: String }) orderCode!: string;
  @ApiProperty({ type: String, description: 'c.<customer> or e.<digest of a guest email>' }) redeemer!: string;
  @ApiProperty({ enum: ['held', 'released', 'final'] }) state!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'with released: when the order gave the redemption back (a cancel)' }) releasedAt?: string;
}

@ApiSchema({ name: 'CouponRedemptionPage' })
export class CouponRedemptionPageResponse {
  @ApiProperty({ type: [CouponRedemptionResponse] }) items!: CouponRedemptionResponse[];
  @ApiPropertyOptional({ type: String }) cursor?: string;
}

export class CouponListQueryDto extends SortedPageQuery(sortNames(COUPON_SORT_KEYS), 'code', 'code or createdAt; the code breaks ties; `-` first: descending') {}
