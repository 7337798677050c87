import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsObject,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ArrayMinSize,
  ValidateNested,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';
import { MoneyDto } from '../../../http/money.dto';
import { PageQueryDto } from '../../../http/page-query.dto';
import { MultiLineText, SingleLineText } from '../../../http/plain-text';
import { PRODUCT_LIST_SORTS, PRODUCT_STOCK_STATES, ProductListSort, ProductStockState } from '../product-list';


const TAX_CLASS = /^[a-z][a-z0-9_-]{0,31}$/;

export class ProductOptionDto {
  @ApiProperty({ example: 'Size' })
  @IsString()
  @SingleLineText()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ type: [String], example: ['S', 'M', 'L'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @SingleLineText()
  values!: string[];
}

export class ProductVariantDto {
  @ApiProperty({ example: 'TEE-RED-M', description: 'unique in the shop' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  sku!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { Size: 'M', Color: 'Red' }, description: "one value of each of the product's options" })
  @IsObject()
  @SingleLineText()
  options!: Record<string, string>;

  @ApiPropertyOptional({ type: MoneyDto, description: "absent: the product's price" })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  price?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'the "was" price shown struck through; at least the price' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  compareAtPrice?: MoneyDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  weightGrams?: number;

  @ApiPropertyOptional({ example: 'standard', default: 'standard' })
  @IsOptional()
  @Matches(TAX_CLASS, { message: 'must be a tax class such as standard or reduced' })
  taxClass?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateProductDto {
  @ApiProperty({ example: 'PRD-001' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'Espresso cup' })
  @IsString()
  @SingleLineText()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'CUP-ESP-WHT', description: 'a product without variants: its one SKU (then it is one default variant); with variants: leave out' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  sku?: string;

  @ApiProperty({ type: MoneyDto, description: 'the price of every variant without its own' })
  @ValidateNested()
  @Type(() => MoneyDto)
  price!: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'without variants: the "was" price' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  compareAtPrice?: MoneyDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'without variants: weight in grams (shipping by weight)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  weightGrams?: number;

  @ApiPropertyOptional({ example: 'standard', description: 'without variants: the tax class' })
  @IsOptional()
  @Matches(TAX_CLASS, { message: 'must be a tax class such as standard or reduced' })
  taxClass?: string;

  @ApiPropertyOptional({ type: [ProductOptionDto], description: 'e.g. Size and Color; every variant gives one value of each' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ProductOptionDto)
  options?: ProductOptionDto[];

  @ApiPropertyOptional({ type: [ProductVariantDto], description: 'at most 50; each SKU unique in the shop' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProductVariantDto)
  variants?: ProductVariantDto[];

  @ApiPropertyOptional({ type: [String], example: ['kitchen'], description: 'categories the product is in (each must exist)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(CODE_PATTERN, { each: true, message: CODE_MESSAGE })
  categoryCodes?: string[];

  @ApiPropertyOptional({ example: 'kitchen', description: 'one category (the same as categoryCodes: [it])' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  categoryCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLineText()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['https://cdn.example/cup.jpg'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ require_protocol: true }, { each: true })
  @SingleLineText()
  images?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateProductDto {
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

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  price?: MoneyDto;

  @ApiPropertyOptional({ type: [String], description: 'replaces the categories' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(CODE_PATTERN, { each: true, message: CODE_MESSAGE })
  categoryCodes?: string[];

  @ApiPropertyOptional({ type: [ProductOptionDto], description: 'replaces the options (send variants with them)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ProductOptionDto)
  options?: ProductOptionDto[];

  @ApiPropertyOptional({ type: [ProductVariantDto], description: "replaces the variants; a dropped variant's SKU is released" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProductVariantDto)
  variants?: ProductVariantDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLineText()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ require_protocol: true }, { each: true })
  @SingleLineText()
  images?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/**
 * `GET /products`: `active`, `limit` and `cursor` read the products themselves (code order);
 * staff giving `q`, `category`, `stock` or `sort` are served by the read model.
 */
export class ListProductsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'tenant admins only; customers always see active products' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'staff: words each matching a word of the name, SKUs, option values or description by prefix, or a prefix of the code or of a SKU; case-insensitive', minLength: 1, maxLength: 100, example: 'tee' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'staff: a category code: products in it or any of its descendants', example: 'clothing' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be a category code' })
  category?: string;

  @ApiPropertyOptional({
    enum: PRODUCT_STOCK_STATES,
    description: "staff: in, units available over its active variants and warehouses (low ones too); low, some, but a stock row of an active variant is below its low-stock threshold; out, none",
  })
  @IsOptional()
  @IsIn(PRODUCT_STOCK_STATES)
  stock?: ProductStockState;

  @ApiPropertyOptional({ enum: PRODUCT_LIST_SORTS, default: 'name', description: 'staff: name (case-insensitive), price (the lowest active variant price), updatedAt or stock (units available); `-` first: descending; the code breaks ties' })
  @IsOptional()
  @IsIn(PRODUCT_LIST_SORTS)
  sort?: ProductListSort;
}
