import { ENTITY_SORT_KEYS, sortNames } from '../../../core/sorted-page';
import { SortedPageQuery } from '../../../http/page-query.dto';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { EntityResponse } from '../../../http/responses/entity.response';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';
import { SingleLineText } from '../../../http/plain-text';

const COUNTRY = /^[A-Z]{2}$/;

export class CreateShippingZoneDto {
  @ApiProperty({ example: 'dach' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'Germany and Austria' })
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: [String], example: ['DE', 'AT'], description: 'ISO 3166-1 alpha-2' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @Matches(COUNTRY, { each: true, message: 'each must be an ISO 3166-1 alpha-2 code such as DE' })
  countries!: string[];

  @ApiPropertyOptional({ type: [String], example: ['CA', 'NY'], description: 'when set, only these regions of the countries' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[A-Z0-9-]{1,10}$/, { each: true, message: 'each must be 1-10 upper-case letters, digits or dashes' })
  regions?: string[];

  @ApiPropertyOptional({ type: [String], example: ['10', '12'], description: 'when set, only postcodes starting with one of these' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^[A-Za-z0-9 ]{1,10}$/, { each: true, message: 'each must be 1-10 letters or digits' })
  postalCodePrefixes?: string[];
}

export class UpdateShippingZoneDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the version you last read; 409 when stale' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @SingleLineText() @Length(1, 100) name?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @Matches(COUNTRY, { each: true, message: 'each must be an ISO 3166-1 alpha-2 code such as DE' })
  countries?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[A-Z0-9-]{1,10}$/, { each: true, message: 'each must be 1-10 upper-case letters, digits or dashes' })
  regions?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^[A-Za-z0-9 ]{1,10}$/, { each: true, message: 'each must be 1-10 letters or digits' })
  postalCodePrefixes?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class WeightTierDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1000 }) @IsInt() @Min(1) @Max(10_000_000) upToGrams!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 490, description: 'minor units' }) @IsInt() @Min(0) @Max(100_000_00) amount!: number;
}

/** flat {amount}; free_above {amount, freeAbove}; weight_tiers {tiers}. Amounts in minor units of the shop currency. */
export class ShippingRateDto {
  @ApiProperty({ enum: ['flat', 'free_above', 'weight_tiers'] })
  @IsIn(['flat', 'free_above', 'weight_tiers'])
  kind!: 'flat' | 'free_above' | 'weight_tiers';

  @ApiPropertyOptional({ type: 'integer', minimum: 0, example: 490, description: 'flat and free_above: the price' })
  @IsOptional() @IsInt() @Min(0) @Max(100_000_00)
  amount?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, example: 5000, description: 'free_above: free when the subtotal after discounts is at least this' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_00)
  freeAbove?: number;

  @ApiPropertyOptional({ type: [WeightTierDto], description: 'weight_tiers: 1-20 tiers, upToGrams strictly increasing; heavier than the last: not served' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => WeightTierDto)
  tiers?: WeightTierDto[];
}

export class CreateShippingMethodDto {
  @ApiProperty({ example: 'standard' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'Standard (3-5 days)' })
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: 'dach' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  zoneCode!: string;

  @ApiProperty({ type: ShippingRateDto })
  @ValidateNested()
  @Type(() => ShippingRateDto)
  rate!: ShippingRateDto;
}

export class UpdateShippingMethodDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) @IsInt() @Min(1) expectedVersion!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @SingleLineText() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ type: ShippingRateDto }) @IsOptional() @ValidateNested() @Type(() => ShippingRateDto) rate?: ShippingRateDto;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

@ApiSchema({ name: 'ShippingZoneAttributes' })
export class ShippingZoneAttributesResponse {
  @ApiProperty({ type: [String] }) countries!: string[];
  @ApiPropertyOptional({ type: [String] }) regions?: string[];
  @ApiPropertyOptional({ type: [String] }) postalCodePrefixes?: string[];
  @ApiProperty({ type: Boolean }) active!: boolean;
}

@ApiSchema({ name: 'ShippingZone' })
export class ShippingZoneResponse extends EntityResponse {
  @ApiProperty({ type: ShippingZoneAttributesResponse }) attributes!: ShippingZoneAttributesResponse;
}

@ApiSchema({ name: 'ShippingZoneList' })
export class ShippingZoneListResponse {
  @ApiProperty({ type: [ShippingZoneResponse] }) items!: ShippingZoneResponse[];
  @ApiPropertyOptional({ description: 'where the next page starts (absent on the last page)' }) cursor?: string;
}

@ApiSchema({ name: 'ShippingMethodAttributes' })
export class ShippingMethodAttributesResponse {
  @ApiProperty({ type: String }) zoneCode!: string;
  @ApiProperty({ type: ShippingRateDto }) rate!: ShippingRateDto;
  @ApiProperty({ type: Boolean }) active!: boolean;
}

@ApiSchema({ name: 'ShippingMethod' })
export class ShippingMethodResponse extends EntityResponse {
  @ApiProperty({ type: ShippingMethodAttributesResponse }) attributes!: ShippingMethodAttributesResponse;
}

@ApiSchema({ name: 'ShippingMethodList' })
export class ShippingMethodListResponse {
  @ApiProperty({ type: [ShippingMethodResponse] }) items!: ShippingMethodResponse[];
  @ApiPropertyOptional({ description: 'where the next page starts (absent on the last page)' }) cursor?: string;
}

export class ShippingListQueryDto extends SortedPageQuery(sortNames(ENTITY_SORT_KEYS), 'code', 'code, name or createdAt; the code breaks ties; `-` first: descending') {}
