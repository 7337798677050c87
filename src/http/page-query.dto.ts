import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../core/pagination';
import { SingleLineText } from './plain-text';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'the cursor of the previous page' })
  @IsOptional()
  @IsString()
  @SingleLineText()
  @MaxLength(1000)
  cursor?: string;
}

/**
 * The query of a small, sortable list (categories, coupons, tax rates, shipping): `limit`,
 * `cursor` and `sort`, one of `sorts` (`-` first: descending); the default keeps the order the
 * list had before it was paged.
 */
export function SortedPageQuery(sorts: readonly string[], defaultSort: string, description: string) {
  class SortedPageQueryDto extends PageQueryDto {
    @ApiPropertyOptional({ enum: sorts, default: defaultSort, description })
    @IsOptional()
    @IsIn(sorts)
    sort?: string;
  }
  return SortedPageQueryDto;
}
