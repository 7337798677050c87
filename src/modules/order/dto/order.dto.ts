import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../../../http/money.dto';
import { PageQueryDto } from '../../../http/page-query.dto';
import { CODE_MESSAGE, CODE_PATTERN, COUPON_CODE_MESSAGE, COUPON_CODE_PATTERN } from '../../../http/codes';
import { MAX_ORDER_LINES } from '../order-limits';
import { ORDER_STATUSES, OrderStatus } from '../order.model';
import { ORDER_LIST_SORTS, ORDER_PAYMENT_STATES, OrderListSort, OrderPaymentState } from '../order-list';
import { SingleLineText } from '../../../http/plain-text';

/** The hard ceiling; each tenant's `limits.maxLineQuantity` (default 100) is usually lower. */
export const MAX_LINE_QUANTITY = 1000;
export const PAYMENT_METHODS = ['card', 'bank_transfer', 'cash_on_delivery', 'invoice'] as const;
/** Coupons one `POST /orders` may name (a cart takes them one by one). */
const MAX_ORDER_COUPONS = 10;

export class OrderItemDto {
  @ApiProperty({ example: 'PRD-001' })
  @Matches(CODE_PATTERN, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  productCode!: string;

  @ApiPropertyOptional({ example: 'TEE-RED-M', description: 'which variant of the product; required when it has more than one' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  sku?: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: MAX_LINE_QUANTITY, description: "at most the shop's limits.maxLineQuantity (default 100)" })
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity!: number;

  @ApiPropertyOptional({ type: MoneyDto, description: 'the unit price the customer saw; 409 with the current price if it changed' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  expectedUnitPrice?: MoneyDto;
}

export class AddressDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '1 Main St' })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  line1!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLineText()
  @MaxLength(200)
  line2?: string;

  @ApiProperty({ example: 'Tokyo' })
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  city!: string;

  @ApiProperty({ example: '100-0001' })
  @IsString()
  @SingleLineText()
  @Length(1, 20)
  postalCode!: string;

  @ApiProperty({ example: 'JP', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as JP' })
  country!: string;

  @ApiPropertyOptional({ example: 'CA', description: 'state, province or region code, when tax or shipping depends on it' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,10}$/, { message: 'must be 1-10 letters, digits or dashes' })
  region?: string;
}

export class CreateOrderDto {
  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: MAX_ORDER_LINES })
  @IsArray()
  @ArrayMinSize(1, { message: 'must have at least one line' })
  @ArrayMaxSize(MAX_ORDER_LINES, { message: `must have at most ${MAX_ORDER_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @ApiProperty({ type: AddressDto })
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress!: AddressDto;

  @ApiProperty({ enum: PAYMENT_METHODS, description: 'settled outside shopstream: the order is confirmed once its stock is held (checkout.paymentKind offline, offlineKind on_delivery)' })
  @IsIn(PAYMENT_METHODS)
  paymentMethod!: (typeof PAYMENT_METHODS)[number];

  @ApiPropertyOptional({
    example: 'standard',
    description:
      "a shipping method of the shop, as a cart's `shippingMethodCode` (409 naming shippingMethod when it does not serve the address); absent: the cheapest method that serves the address, or no shipping charged when none does (or the shop has no shipping methods)",
  })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  shippingMethodCode?: string;

  @ApiPropertyOptional({ type: [String], example: ['WELCOME10'], maxItems: MAX_ORDER_COUPONS, description: "coupons to apply, as a cart's `couponCodes` (case does not matter); 409 `coupon_unavailable` listing each that cannot be used" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ORDER_COUPONS, { message: `must have at most ${MAX_ORDER_COUPONS} codes` })
  @Matches(COUPON_CODE_PATTERN, { each: true, message: COUPON_CODE_MESSAGE })
  couponCodes?: string[];
}

export class ChangeOrderStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES })
  @IsIn(ORDER_STATUSES)
  status!: OrderStatus;

  @ApiProperty({ example: 2, description: 'the version you last read; 409 if it is not the latest' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ example: '1Z999AA10123456784', description: 'required when shipping' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  trackingNumber?: string;

  @ApiPropertyOptional({ example: 'UPS', description: 'shipping: the carrier of the one shipment of everything not yet shipped (default unspecified)' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 60)
  carrier?: string;

  @ApiPropertyOptional({ example: 'customer changed their mind', description: 'a note kept in the order history; never mailed' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @MaxLength(200)
  reason?: string;
}

/** `a,b` or `x=a&x=b`: a list of values (each checked against the enum). */
const commaList = ({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim());

/** An ISO 8601 date (YYYY-MM-DD, UTC) or date-time with a zone. */
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DATE_OR_INSTANT_MESSAGE = 'must be an ISO 8601 date (YYYY-MM-DD) or date-time with a zone (2026-12-06T10:00:00Z)';

/**
 * Today's `status` (one value), `limit` and `cursor` read the data table as before; for staff,
 * several statuses or any of the other filters, or a sort, are served by the read model.
 */
export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: [String],
    enum: ORDER_STATUSES,
    description: 'one status, or several (repeated or comma-separated; staff only, served by the read model)',
    example: 'confirmed,processing',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(ORDER_STATUSES.length)
  @IsIn(ORDER_STATUSES, { each: true })
  status?: OrderStatus[];

  @ApiPropertyOptional({
    type: [String],
    enum: ORDER_PAYMENT_STATES,
    description: "staff: the order's payment state (its newest payment's; `none` without a payment), one or several (repeated or comma-separated)",
    example: 'authorized,captured',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(ORDER_PAYMENT_STATES.length)
  @IsIn(ORDER_PAYMENT_STATES, { each: true })
  paymentState?: OrderPaymentState[];

  @ApiPropertyOptional({ type: String, description: 'staff: placed at or after (a date: that day\'s start, UTC)', example: '2026-12-01' })
  @IsOptional()
  @IsString()
  @Matches(DATE_OR_INSTANT, { message: DATE_OR_INSTANT_MESSAGE })
  createdFrom?: string;

  @ApiPropertyOptional({ type: String, description: 'staff: placed up to and including this day (a date, UTC), or before this instant (a date-time); not before createdFrom', example: '2026-12-06' })
  @IsOptional()
  @IsString()
  @Matches(DATE_OR_INSTANT, { message: DATE_OR_INSTANT_MESSAGE })
  createdTo?: string;

  @ApiPropertyOptional({ description: "staff: one customer's orders (their user id; `guest` for guest checkouts)", maxLength: 200 })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @MaxLength(200)
  customerId?: string;

  @ApiPropertyOptional({ description: "staff: a prefix of the order code (ORD-0000) or of the customer's email, case-insensitive", minLength: 1, maxLength: 100, example: 'ORD-00001' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: ORDER_LIST_SORTS, default: 'createdAt', description: 'staff: createdAt, total or status (the order code breaks ties); `-` first: descending. A customer: createdAt or -createdAt (their own orders by placement, from their index)' })
  @IsOptional()
  @IsIn(ORDER_LIST_SORTS)
  sort?: OrderListSort;
}

/** Units of one SKU of the order. */
export class OrderUnitsDto {
  @ApiProperty({ example: 'TEE-M' })
  @IsString()
  @Matches(CODE_PATTERN, { message: 'must be a SKU of the order' })
  sku!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;
}

export class CreateShipmentDto {
  @ApiProperty({ example: 4, description: 'the order version you last read; 409 if it is not the latest' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ type: [OrderUnitsDto], description: 'the units shipped; absent or empty: every unit not yet shipped' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderUnitsDto)
  lines?: OrderUnitsDto[];

  @ApiProperty({ example: 'UPS' })
  @IsString()
  @SingleLineText()
  @Length(1, 60)
  carrier!: string;

  @ApiProperty({ example: '1Z999AA10123456784' })
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  trackingNumber!: string;
}
