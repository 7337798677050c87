import { sortNames } from '../../../core/sorted-page';
import { SortedPageQuery } from '../../../http/page-query.dto';
import { CATEGORY_SORT_KEYS } from '../category.model';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { MoneyDto } from '../../../http/money.dto';
import { EntityResponse } from '../../../http/responses/entity.response';
import { CODE_PATTERN } from '../../../http/codes';
import { MultiLineText, SingleLineText } from '../../../http/plain-text';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'must be lower-case letters and digits in words joined by single dashes';

export class CreateCategoryDto {
  @ApiProperty({ example: 'mens-shirts' })
  @Matches(CODE_PATTERN, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  code!: string;

  @ApiProperty({ example: "Men's shirts" })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'mens-shirts', description: 'unique in the shop' })
  @Length(1, 100)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug!: string;

  @ApiPropertyOptional({ example: 'clothing', description: 'the parent category (fixed once created)' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be a category code' })
  parentCode?: string;

  @ApiPropertyOptional({ type: 'integer', default: 0, description: 'order among its siblings' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MultiLineText() @MaxLength(5000) description?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateCategoryDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) @IsInt() @Min(1) expectedVersion!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @SingleLineText() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @Length(1, 100) @Matches(SLUG, { message: SLUG_MESSAGE }) slug?: string;
  @ApiPropertyOptional({ type: 'integer' }) @IsOptional() @IsInt() @Min(0) @Max(100_000) position?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MultiLineText() @MaxLength(5000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

@ApiSchema({ name: 'CategoryAttributes' })
export class CategoryAttributesResponse {
  @ApiProperty({ type: String }) slug!: string;
  @ApiPropertyOptional({ type: String }) parentCode?: string;
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiPropertyOptional({ type: String }) description?: string;
  @ApiProperty({ type: Boolean }) active!: boolean;
}

@ApiSchema({ name: 'Category' })
export class CategoryResponse extends EntityResponse {
  @ApiProperty({ type: CategoryAttributesResponse }) attributes!: CategoryAttributesResponse;
}

@ApiSchema({ name: 'CategoryList' })
export class CategoryListResponse {
  @ApiProperty({ type: [CategoryResponse], description: 'a page; by default the tree order: by parent, then position' }) items!: CategoryResponse[];
  @ApiPropertyOptional({ description: 'where the next page starts (absent on the last page)' }) cursor?: string;
}

@ApiSchema({ name: 'CategoryProduct' })
export class CategoryProductResponse {
  @ApiProperty({ type: String, description: 'the category it is listed under (this one or a descendant)' }) categoryCode!: string;
  @ApiProperty({ type: String }) productCode!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, description: 'its first variant' }) sku!: string;
  @ApiProperty({ type: MoneyDto }) price!: MoneyDto;
}

@ApiSchema({ name: 'CategoryProductPage' })
export class CategoryProductPageResponse {
  @ApiProperty({ type: [CategoryProductResponse] }) items!: CategoryProductResponse[];
  @ApiPropertyOptional({ type: String }) cursor?: string;
}

export class CategoryListQueryDto extends SortedPageQuery(sortNames(CATEGORY_SORT_KEYS), 'position', 'position (the tree: by parent, then position), name, code or createdAt; the code breaks ties; `-` first: descending') {}
