import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { HOSTNAME } from '../shop-domains';
import { OFFLINE_PAYMENT_KINDS, PAYMENT_PROVIDER_NAMES } from '../shop-settings.model';

/** GET /storefront/config: by the host the storefront is reached on, or (local development) by the shop's code. */
export class StorefrontConfigQueryDto {
  @ApiPropertyOptional({ example: 'shop.example.com', description: 'the hostname the storefront is reached on (lower case, no port)' })
  @IsOptional()
  @IsString()
  @Matches(HOSTNAME, { message: 'must be a lower-case hostname such as shop.example.com' })
  host?: string;

  @ApiPropertyOptional({ example: 'demo', description: 'any shop by its code (local development): the shop must have its storefront enabled (a publishable key set)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'must be a shop code' })
  tenant?: string;
}

@ApiSchema({ name: 'StorefrontOfflineMethod', description: 'A way to pay outside shopstream (bank transfer, cash on delivery), as the shop wrote it' })
export class StorefrontOfflineMethodResponse {
  @ApiProperty({ type: String, example: 'bank_transfer', description: 'the paymentMethod to send to POST /carts/{id}/complete' }) code!: string;
  @ApiProperty({ type: String, example: 'Bank transfer', description: "the shop's name for it, else the code in words" }) name!: string;
  @ApiProperty({ enum: OFFLINE_PAYMENT_KINDS, description: 'before_shipping: the order awaits the money (stock held); on_delivery: confirmed once stock is held' }) kind!: string;
  @ApiPropertyOptional({ type: String, description: "what the shopper does to pay (the shop's words), when the shop wrote any" }) instructions?: string;
}

@ApiSchema({ name: 'StorefrontPayment', description: "How shoppers pay at this shop: what its settings hold, never a secret" })
export class StorefrontPaymentResponse {
  @ApiProperty({ enum: PAYMENT_PROVIDER_NAMES, description: "the provider online payments go through (the shop's paymentProvider, else the deployment's default)" }) provider!: string;
  @ApiProperty({ type: [String], example: ['card'], description: 'methods paid online through the provider' }) onlineMethods!: string[];
  @ApiProperty({ type: [StorefrontOfflineMethodResponse] }) offlineMethods!: StorefrontOfflineMethodResponse[];
  @ApiPropertyOptional({ type: String, example: 'pk_test_51AbCdEf', description: "the shop's Stripe publishable key, only while its provider is stripe and the key is set (for Stripe's Payment Element)" }) stripePublishableKey?: string;
}

@ApiSchema({ name: 'StorefrontConfig', description: 'What a storefront needs to serve a shop' })
export class StorefrontConfigResponse {
  @ApiProperty({ type: String, example: 'demo', description: "the shop's code" }) tenant!: string;
  @ApiProperty({ type: String, description: "the publishable key the storefront sends as x-publishable-key (the shop's storefront.publishableKey)" }) publishableKey!: string;
  @ApiProperty({ type: String, example: 'Demo shop' }) name!: string;
  @ApiProperty({ type: String, example: 'EUR', description: 'ISO 4217: every price of the shop is in it' }) currency!: string;
  @ApiPropertyOptional({ type: String, example: 'de-DE', description: 'BCP 47, when the shop has one' }) locale?: string;
  @ApiPropertyOptional({ type: String, example: 'Europe/Berlin', description: "IANA: the shop's timeZone setting, when it has one (absent otherwise)" }) timeZone?: string;
  @ApiProperty({ type: StorefrontPaymentResponse }) payment!: StorefrontPaymentResponse;
}
