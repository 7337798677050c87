import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CODE_PATTERN } from '../../../http/codes';
import { DEFAULT_WAREHOUSE, MAX_UNITS } from '../inventory.model';
import { MultiLineText } from '../../../http/plain-text';

export const STOCK_CHANGE_REASONS = ['restock', 'count', 'damage', 'return', 'correction'] as const;
export type StockChangeReason = (typeof STOCK_CHANGE_REASONS)[number];


/** Set (`onHand`) or adjust (`adjustBy`) one warehouse's stock: exactly one of them (`adjustBy: 0` changes only the threshold). */
export class ChangeStockDto {
  @ApiPropertyOptional({ default: DEFAULT_WAREHOUSE })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  warehouse?: string;

  @ApiProperty({ example: 0, description: 'the version you last read; 0 to create the stock level of this warehouse' })
  @IsInt()
  @Min(0)
  expectedVersion!: number;

  @ApiPropertyOptional({ example: 100, description: 'set on-hand to this count (exactly one of onHand and adjustBy)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_UNITS)
  onHand?: number;

  @ApiPropertyOptional({ example: -2, description: 'add this (negative removes) to on-hand (exactly one of onHand and adjustBy)' })
  @IsOptional()
  @IsInt()
  @Min(-MAX_UNITS)
  @Max(MAX_UNITS)
  adjustBy?: number;

  @ApiProperty({ enum: STOCK_CHANGE_REASONS })
  @IsIn(STOCK_CHANGE_REASONS)
  reason!: StockChangeReason;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MultiLineText()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({ example: 5, description: 'alert the admins when available falls below this' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_UNITS)
  lowStockThreshold?: number;
}
