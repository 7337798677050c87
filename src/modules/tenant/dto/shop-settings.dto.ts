import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PAYMENT_PROVIDER_NAMES } from '../shop-settings.model';

const METHOD = /^[a-z][a-z0-9_]{1,31}$/;
const METHOD_MESSAGE = 'each must be a payment method name such as card or cash_on_delivery';
const TAX_CLASS = /^[a-z][a-z0-9_-]{0,31}$/;

/** PATCH /settings: any subset of the settings, with the version you last read (0 the first time). */
export class UpdateShopSettingsDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 0, description: 'the settings version you last read (0 before the first change); 409 when stale' })
  @IsInt()
  @Min(0)
  expectedVersion!: number;

  @ApiPropertyOptional({ example: 'DE', description: "the shop's country (ISO 3166-1 alpha-2): VAT reverse charge is decided against it" })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as DE' })
  country?: string;

  @ApiPropertyOptional({ description: 'catalog prices include tax (EU style)' })
  @IsOptional()
  @IsBoolean()
  pricesIncludeTax?: boolean;

  @ApiPropertyOptional({ description: 'shipping is taxed at shippingTaxClass' })
  @IsOptional()
  @IsBoolean()
  shippingTaxable?: boolean;

  @ApiPropertyOptional({ example: 'standard' })
  @IsOptional()
  @Matches(TAX_CLASS, { message: 'must be a tax class such as standard' })
  shippingTaxClass?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 30, maximum: 86400, example: 900, description: 'how long a checkout paid online holds stock and coupons' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(86_400)
  holdSeconds?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 60, maximum: 2592000, example: 86400, description: 'a cart untouched this long becomes abandoned' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(2_592_000)
  cartIdleSeconds?: number;

  @ApiPropertyOptional({ description: 'one reminder mail to the email of an abandoned cart' })
  @IsOptional()
  @IsBoolean()
  abandonedCartReminders?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['manual', 'cash_on_delivery'], description: 'settled outside shopstream: orders are confirmed once stock is held' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(METHOD, { each: true, message: METHOD_MESSAGE })
  offlinePaymentMethods?: string[];

  @ApiPropertyOptional({ type: [String], example: ['card'], description: 'paid online: orders await payment with stock held' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(METHOD, { each: true, message: METHOD_MESSAGE })
  onlinePaymentMethods?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, example: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  maxCartLines?: number;

  @ApiPropertyOptional({ enum: PAYMENT_PROVIDER_NAMES, description: "the provider online payments go through; absent: the deployment's default (test locally, stripe in AWS)" })
  @IsOptional()
  @IsIn(PAYMENT_PROVIDER_NAMES)
  paymentProvider?: (typeof PAYMENT_PROVIDER_NAMES)[number];

  @ApiPropertyOptional({ enum: ['shipment', 'confirmation'], description: 'when the money is taken: each shipment captures its lines (default), or all of it once stock is held' })
  @IsOptional()
  @IsIn(['shipment', 'confirmation'])
  captureOn?: 'shipment' | 'confirmation';

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 365, example: 30, description: 'days after delivery a customer may ask to return lines (0: no returns)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  returnWindowDays?: number;
}

@ApiSchema({ name: 'ShopSettings', description: 'The storefront settings, defaults filled in' })
export class ShopSettingsResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: '0 while the defaults were never changed' })
  version!: number;

  @ApiProperty({ type: String, example: 'US' })
  country!: string;

  @ApiProperty({ type: Boolean })
  pricesIncludeTax!: boolean;

  @ApiProperty({ type: Boolean })
  shippingTaxable!: boolean;

  @ApiProperty({ type: String })
  shippingTaxClass!: string;

  @ApiProperty({ type: 'integer' })
  holdSeconds!: number;

  @ApiProperty({ type: 'integer' })
  cartIdleSeconds!: number;

  @ApiProperty({ type: Boolean })
  abandonedCartReminders!: boolean;

  @ApiProperty({ type: [String] })
  offlinePaymentMethods!: string[];

  @ApiProperty({ type: [String] })
  onlinePaymentMethods!: string[];

  @ApiProperty({ type: 'integer' })
  maxCartLines!: number;

  @ApiPropertyOptional({ enum: PAYMENT_PROVIDER_NAMES, description: "absent: the deployment's default" })
  paymentProvider?: string;

  @ApiProperty({ enum: ['shipment', 'confirmation'] })
  captureOn!: string;

  @ApiProperty({ type: 'integer' })
  returnWindowDays!: number;
}
