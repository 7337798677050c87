import { sortNames } from '../../../core/sorted-page';
import { SortedPageQuery } from '../../../http/page-query.dto';
import { TAX_RATE_SORT_KEYS } from '../tax.model';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { EntityResponse } from '../../../http/responses/entity.response';
import { SingleLineText } from '../../../http/plain-text';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';

export class CreateTaxRateDto {
  @ApiProperty({ example: 'DE-STD' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'DE', description: 'destination country, ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as DE' })
  country!: string;

  @ApiPropertyOptional({ example: 'CA', description: 'only for this region of the country (a region rate wins over the country-wide one)' })
  @IsOptional()
  @Matches(/^[A-Z0-9-]{1,10}$/, { message: 'must be 1-10 upper-case letters, digits or dashes' })
  region?: string;

  @ApiProperty({ example: 'standard', description: "the variants' tax class it applies to" })
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'must be a tax class such as standard or reduced' })
  taxClass!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10000, example: 1900, description: 'basis points: 1900 = 19 %' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  rateBps!: number;

  @ApiProperty({ example: 'MwSt 19 %' })
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  name!: string;
}

export class UpdateTaxRateDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the version you last read; 409 when stale' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  rateBps?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'false retires the rate (DELETE does the same)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@ApiSchema({ name: 'TaxRateAttributes' })
export class TaxRateAttributesResponse {
  @ApiProperty({ type: String }) country!: string;
  @ApiPropertyOptional({ type: String }) region?: string;
  @ApiProperty({ type: String }) taxClass!: string;
  @ApiProperty({ type: 'integer' }) rateBps!: number;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: Boolean }) active!: boolean;
}

@ApiSchema({ name: 'TaxRate' })
export class TaxRateResponse extends EntityResponse {
  @ApiProperty({ type: TaxRateAttributesResponse })
  attributes!: TaxRateAttributesResponse;
}

@ApiSchema({ name: 'TaxRateList' })
export class TaxRateListResponse {
  @ApiProperty({ type: [TaxRateResponse], description: 'a page of rates, newest versions' })
  items!: TaxRateResponse[];
  @ApiPropertyOptional({ description: 'where the next page starts (absent on the last page)' }) cursor?: string;
}

export class TaxRateListQueryDto extends SortedPageQuery(sortNames(TAX_RATE_SORT_KEYS), 'code', 'code, name, createdAt or country (then region, tax class); the code breaks ties; `-` first: descending') {}
