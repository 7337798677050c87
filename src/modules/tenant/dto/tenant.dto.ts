import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const TENANT_CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;
const CURRENCY = /^[A-Z]{3}$/;

export class CreateTenantDto {
  @ApiProperty({ example: 'shop-a', description: 'lower-case letters, digits and dashes; 2 to 40 characters' })
  @Matches(TENANT_CODE, { message: 'must be 2-40 lower-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: 'Shop A' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'owner@shop-a.example' })
  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @ApiPropertyOptional({ example: 1000, description: 'tax rate in basis points; default 1000 (10%)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  taxRateBps?: number;

  @ApiPropertyOptional({ example: 'USD', description: 'ISO 4217 code of the shop currency' })
  @IsOptional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as USD' })
  currency?: string;
}

export class UpdateTenantDto {
  @ApiProperty({ example: 1, description: 'the version you last read; 409 if it is not the latest' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'false refuses every call for this tenant' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  taxRateBps?: number;
}
