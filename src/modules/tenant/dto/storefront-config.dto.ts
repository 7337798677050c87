import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { HOSTNAME } from '../shop-domains';

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

@ApiSchema({ name: 'StorefrontConfig', description: 'What a storefront needs to serve a shop' })
export class StorefrontConfigResponse {
  @ApiProperty({ type: String, example: 'demo', description: "the shop's code" }) tenant!: string;
  @ApiProperty({ type: String, description: "the publishable key the storefront sends as x-publishable-key (the shop's storefront.publishableKey)" }) publishableKey!: string;
  @ApiProperty({ type: String, example: 'Demo shop' }) name!: string;
  @ApiProperty({ type: String, example: 'EUR', description: 'ISO 4217: every price of the shop is in it' }) currency!: string;
  @ApiPropertyOptional({ type: String, example: 'de-DE', description: 'BCP 47, when the shop has one' }) locale?: string;
  @ApiPropertyOptional({ type: String, example: 'Europe/Berlin', description: "IANA: the shop's timeZone setting, when it has one (absent otherwise)" }) timeZone?: string;
}
