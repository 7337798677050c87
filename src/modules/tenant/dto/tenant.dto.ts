import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CURRENCY_CODES, CURRENCY_MESSAGE } from '../../../core/money';
import { DEFAULT_TENANT_LIMITS, TenantLimits } from '../tenant.model';
import { EmailAddress, SingleLineText } from '../../../http/plain-text';

/** The only tenant codes there are: what a key part and a token's tenant claim may hold. */
export const TENANT_CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** Each limit is optional: what is left out keeps its current value, or the default. */
export class TenantLimitsDto implements Partial<TenantLimits> {
  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.maxLineQuantity, description: 'units of one order line' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxLineQuantity?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.maxOrderUnits, description: 'units of all lines of one order' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(25_000)
  maxOrderUnits?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.maxHeldUnitsPerSku, description: 'units of one SKU one customer may hold at once in open orders' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxHeldUnitsPerSku?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.customerActionsPerHour, description: "orders placed plus cancels by one customer per hour; a guest's orders per normalized email count the same" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  customerActionsPerHour?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.cartChangesPerMinute, description: 'changes of one cart per clock minute (lines, email, addresses, method, coupons, reprice)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  cartChangesPerMinute?: number;
  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.guestCartsPerClientPerMinute, description: 'carts the guests of one client (network address) create per minute; 429 past it' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  guestCartsPerClientPerMinute?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.guestCheckoutsPerClientPerMinute, description: 'carts the guests of one client complete per minute; 429 past it' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  guestCheckoutsPerClientPerMinute?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.guestPaymentsPerClientPerMinute, description: 'payments the guests of one client start per minute; 429 past it' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  guestPaymentsPerClientPerMinute?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.guestActionsPerKeyPerMinute, description: 'guest carts, completions and payment starts through one publishable key per minute (the whole shop); 429 past it' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  guestActionsPerKeyPerMinute?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.guestHeldUnitsPerSkuPerClient, description: 'units of one SKU the guests of one client may hold at once in open orders, whatever their emails' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  guestHeldUnitsPerSkuPerClient?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.mailsPerRecipientPerHour, description: 'mails to one unverified (guest) address per hour; the rest are recorded skipped' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  mailsPerRecipientPerHour?: number;

  @ApiPropertyOptional({ example: DEFAULT_TENANT_LIMITS.maxPaymentAttemptsPerOrder, description: 'payments one order may have; 409 past it' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPaymentAttemptsPerOrder?: number;
}

export class CreateTenantDto {
  @ApiProperty({ example: 'shop-a', description: 'lower-case letters, digits and dashes; 2 to 40 characters' })
  @Matches(TENANT_CODE, { message: 'must be 2-40 lower-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: 'Shop A' })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'owner@shop-a.example' })
  @IsOptional()
  @EmailAddress()
  contactEmail?: string;

  @ApiPropertyOptional({
    example: 'owner@shop-a.example',
    description: "the shop's first owner: invited (role owner) in the new tenant, mailed a code to accept with (POST /auth/accept-invitation); once per tenant, a retried request sends nothing again",
  })
  @IsOptional()
  @EmailAddress()
  @MaxLength(254)
  ownerEmail?: string;

  @ApiPropertyOptional({ example: 1000, description: 'tax rate in basis points; default 1000 (10%)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  taxRateBps?: number;

  @ApiPropertyOptional({ example: 'USD', description: 'ISO 4217 code of the shop currency; every price of the shop is in it' })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: CURRENCY_MESSAGE })
  currency?: string;

  @ApiPropertyOptional({ type: TenantLimitsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenantLimitsDto)
  limits?: TenantLimitsDto;
}

export class UpdateTenantDto {
  @ApiProperty({ example: 1, description: 'the version you last read; 409 if it is not the latest' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'false refuses every call for this tenant' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @EmailAddress()
  contactEmail?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  taxRateBps?: number;

  @ApiPropertyOptional({ type: TenantLimitsDto, description: 'merged into the current limits' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenantLimitsDto)
  limits?: TenantLimitsDto;
}
