import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { HOSTNAME } from '../shop-domains';
import { PUBLISHABLE_KEY_FORMAT } from '../publishable-key.model';
import { OFFLINE_PAYMENT_KINDS, OfflinePaymentMethod, PAYMENT_PROVIDER_NAMES } from '../shop-settings.model';

const METHOD = /^[a-z][a-z0-9_]{1,31}$/;
const OFFLINE_NAME_MAX = 60;
const OFFLINE_INSTRUCTIONS_MAX = 1000;
/** Stripe's publishable keys only: a secret (`sk_`) or restricted (`rk_`) key here would be served to every shopper. */
const STRIPE_PUBLISHABLE_KEY = /^pk_(test|live)_[A-Za-z0-9]{8,200}$/;
const METHOD_MESSAGE = 'each must be a payment method name such as card or cash_on_delivery';
const TAX_CLASS = /^[a-z][a-z0-9_-]{0,31}$/;

@ApiSchema({ name: 'OfflinePaymentMethod', description: 'an offline payment method with the kind it is paid by' })
export class OfflinePaymentMethodDto {
  @ApiProperty({ type: String, pattern: METHOD.source, example: 'bank_transfer' })
  method!: string;

  @ApiProperty({ enum: OFFLINE_PAYMENT_KINDS, description: 'before_shipping: the order awaits payment (stock held up to offlinePaymentHoldHours) until staff record it; on_delivery: confirmed once stock is held' })
  kind!: string;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: OFFLINE_NAME_MAX, example: 'Bank transfer', description: 'what shoppers read at checkout (absent: the method in words)' })
  name?: string;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: OFFLINE_INSTRUCTIONS_MAX, example: 'Transfer the total to IBAN DE89 3704 0044 0532 0130 00, with your order number as the reference.', description: 'shown to shoppers when they choose the method and on the order once placed: public, never a secret' })
  instructions?: string;
}

const OFFLINE_METHODS_DOC =
  'settled outside shopstream: a name, or {method, kind} with an optional name and instructions for shoppers (GET /storefront/config shows them). A name alone takes its default kind: bank_transfer is before_shipping; manual, cash_on_delivery and any other name on_delivery (confirmed once stock is held, as before kinds existed)';
const OFFLINE_METHOD_ITEMS = { oneOf: [{ type: 'string', pattern: METHOD.source }, { $ref: getSchemaPath(OfflinePaymentMethodDto) }] };

const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;
/** An IANA zone name the runtime knows (`Europe/Berlin`, `UTC`); Intl refuses any other. */
function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64 || !TIME_ZONE.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A method name, or exactly `{method, kind}` with an optional `name` and `instructions`. */
function isOfflineMethod(entry: unknown): boolean {
  if (typeof entry === 'string') return METHOD.test(entry);
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return false;
  const { method, kind, name, instructions, ...rest } = entry as Record<string, unknown>;
  const text = (value: unknown, max: number) => value === undefined || (typeof value === 'string' && value.trim().length > 0 && value.length <= max);
  return Object.keys(rest).length === 0 && typeof method === 'string' && METHOD.test(method) && (OFFLINE_PAYMENT_KINDS as readonly unknown[]).includes(kind) && text(name, OFFLINE_NAME_MAX) && text(instructions, OFFLINE_INSTRUCTIONS_MAX);
}

/** Entries are either strings or objects: one check of the whole list, naming the first bad entry. */
function IsOfflinePaymentMethods(): PropertyDecorator {
  return ValidateBy({
    name: 'isOfflinePaymentMethods',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every(isOfflineMethod),
      defaultMessage: (args) => {
        const bad = Array.isArray(args?.value) ? args!.value.findIndex((e: unknown) => !isOfflineMethod(e)) : -1;
        return `${bad >= 0 ? `entry ${bad}: ` : ''}each must be a payment method name such as cash_on_delivery, or {method, kind} with kind ${OFFLINE_PAYMENT_KINDS.join(' or ')} and optional name (at most ${OFFLINE_NAME_MAX} characters) and instructions (at most ${OFFLINE_INSTRUCTIONS_MAX})`;
      },
    },
  });
}

@ApiSchema({ name: 'StorefrontSettings', description: "The shop's storefront: the hosts it answers on (GET /storefront/config?host=) and the publishable key it uses" })
export class StorefrontSettingsDto {
  @ApiProperty({ type: [String], maxItems: 10, example: ['shop.example.com', 'localhost'], description: 'lower-case hostnames (no scheme, port or path), at most 100 characters each; a host belongs to at most one shop (409 `domain_taken`). The whole list: a domain left out is released' })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'must not name a domain twice' })
  @Matches(HOSTNAME, { each: true, message: 'each must be a lower-case hostname such as shop.example.com' })
  domains!: string[];

  @ApiPropertyOptional({ type: String, example: 'pk_demo_AbC123...', description: "one of the shop's active publishable keys (the whole key, as shown once at creation): the one the storefront calls the API with; the storefront is enabled once it is set" })
  @IsOptional()
  @IsString()
  @Matches(PUBLISHABLE_KEY_FORMAT, { message: 'must be a publishable key such as pk_<shop>_<32 letters and digits>' })
  publishableKey?: string;
}

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

  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'Europe/Berlin', description: "the IANA time zone the admin shows the shop's dates in (display only; the currency is the tenant's, set by a system admin)" })
  @IsOptional()
  @ValidateBy({ name: 'isTimeZone', validator: { validate: isTimeZone, defaultMessage: () => 'must be an IANA time zone such as Europe/Berlin' } })
  timeZone?: string;

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

  @ApiPropertyOptional({ type: 'array', items: OFFLINE_METHOD_ITEMS, maxItems: 10, example: ['cash_on_delivery', { method: 'bank_transfer', kind: 'before_shipping' }], description: OFFLINE_METHODS_DOC })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsOfflinePaymentMethods()
  offlinePaymentMethods?: OfflinePaymentMethod[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 720, example: 72, description: 'how long an order paid offline before shipping (bank transfer) holds stock and coupons; then it is cancelled payment_timeout' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  offlinePaymentHoldHours?: number;

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

  @ApiPropertyOptional({ type: String, pattern: STRIPE_PUBLISHABLE_KEY.source, example: 'pk_test_51AbCdEf', description: "the shop's Stripe publishable key (public by design; never the secret key): GET /storefront/config hands it to the storefront's Payment Element while paymentProvider is stripe" })
  @IsOptional()
  @IsString()
  @Matches(STRIPE_PUBLISHABLE_KEY, { message: 'must be a Stripe publishable key such as pk_test_... (never a secret sk_ or restricted rk_ key)' })
  stripePublishableKey?: string;

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

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, example: 50, description: 'images one product or category may have' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  maxImagesPerProduct?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_099_511_627_776, example: 1_073_741_824, description: 'bytes of renditions the shop may keep (every width and format of every image)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_099_511_627_776)
  maxMediaBytes?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1024, maximum: 104857600, example: 20971520, description: 'the largest CSV file a bulk import takes, in bytes (default 20 MB)' })
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  maxImportFileBytes?: number;

  @ApiPropertyOptional({ type: StorefrontSettingsDto, description: "the shop's storefront, replaced whole: its domains (claimed for this shop in the same write) and its publishable key" })
  @IsOptional()
  @ValidateNested()
  @Type(() => StorefrontSettingsDto)
  storefront?: StorefrontSettingsDto;
}

@ApiSchema({ name: 'ShopSettings', description: 'The storefront settings, defaults filled in' })
@ApiExtraModels(OfflinePaymentMethodDto)
export class ShopSettingsResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: '0 while the defaults were never changed' })
  version!: number;

  @ApiProperty({ type: String, example: 'US' })
  country!: string;

  @ApiPropertyOptional({ type: String, example: 'Europe/Berlin', description: "absent until set: the admin then shows dates in the deployment's or the browser's zone" })
  timeZone?: string;

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

  @ApiProperty({ type: 'array', items: OFFLINE_METHOD_ITEMS, description: 'as written: names keep their default kind' })
  offlinePaymentMethods!: OfflinePaymentMethod[];

  @ApiProperty({ type: 'integer' })
  offlinePaymentHoldHours!: number;

  @ApiProperty({ type: [String] })
  onlinePaymentMethods!: string[];

  @ApiProperty({ type: 'integer' })
  maxCartLines!: number;

  @ApiPropertyOptional({ enum: PAYMENT_PROVIDER_NAMES, description: "absent: the deployment's default" })
  paymentProvider?: string;

  @ApiPropertyOptional({ type: String, description: 'absent until set' })
  stripePublishableKey?: string;

  @ApiProperty({ enum: ['shipment', 'confirmation'] })
  captureOn!: string;

  @ApiProperty({ type: 'integer' })
  returnWindowDays!: number;

  @ApiProperty({ type: 'integer' })
  maxImagesPerProduct!: number;

  @ApiProperty({ type: 'integer' })
  maxMediaBytes!: number;

  @ApiProperty({ type: 'integer' })
  maxImportFileBytes!: number;

  @ApiPropertyOptional({ type: StorefrontSettingsDto, description: 'absent until set' })
  storefront?: StorefrontSettingsDto;
}
