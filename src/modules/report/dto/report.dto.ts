import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: "first day (the shop's timeZone, UTC without one), inclusive; default 29 days before `to`" })
  @IsOptional()
  @Matches(DAY, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: "last day (the shop's timeZone, UTC without one), inclusive; default today there; at most 366 days after `from`" })
  @IsOptional()
  @Matches(DAY, { message: 'must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'rows of a ranked report' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

@ApiSchema({ name: 'SalesDay', description: 'Minor units of the currency; orders confirmed or further along (not pending, awaiting payment or cancelled), by the day they were placed in the shop timeZone setting (UTC without one)' })
export class SalesDayResponse {
  @ApiProperty({ type: String, example: '2026-11-23' }) day!: string;
  @ApiProperty({ type: String, example: 'EUR' }) currency!: string;
  @ApiProperty({ type: 'integer' }) orders!: number;
  @ApiProperty({ type: 'integer', description: 'sum of the orders\' subtotals' }) gross!: number;
  @ApiProperty({ type: 'integer' }) discounts!: number;
  @ApiProperty({ type: 'integer' }) tax!: number;
  @ApiProperty({ type: 'integer' }) shipping!: number;
  @ApiProperty({ type: 'integer', description: 'refunded so far on those orders\' payments' }) refunds!: number;
  @ApiProperty({ type: 'integer', description: 'order totals less refunds' }) net!: number;
}

@ApiSchema({ name: 'TopProduct' })
export class TopProductResponse {
  @ApiProperty({ type: String }) productCode!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: 'integer' }) units!: number;
  @ApiProperty({ type: 'integer', description: 'minor units' }) revenue!: number;
  @ApiProperty({ type: String }) currency!: string;
}

@ApiSchema({ name: 'OrdersByStatus' })
export class OrdersByStatusResponse {
  @ApiProperty({ type: String }) status!: string;
  @ApiProperty({ type: 'integer' }) orders!: number;
  @ApiProperty({ type: 'integer', description: 'minor units' }) total!: number;
  @ApiProperty({ type: String }) currency!: string;
}

@ApiSchema({ name: 'LowStock' })
export class LowStockResponse {
  @ApiProperty({ type: String }) sku!: string;
  @ApiProperty({ type: String }) warehouse!: string;
  @ApiProperty({ type: 'integer' }) available!: number;
  @ApiProperty({ type: 'integer' }) onHand!: number;
  @ApiProperty({ type: 'integer' }) threshold!: number;
}

@ApiSchema({ name: 'AbandonedCart' })
export class AbandonedCartResponse {
  @ApiProperty({ type: String }) cartId!: string;
  @ApiProperty({ type: 'integer' }) lines!: number;
  @ApiProperty({ type: 'integer', description: 'minor units' }) total!: number;
  @ApiProperty({ type: String }) currency!: string;
  @ApiProperty({ type: String, format: 'date-time' }) lastActivityAt!: string;
}

@ApiSchema({ name: 'SalesReport' })
export class SalesReportResponse {
  @ApiProperty({ type: [SalesDayResponse] }) items!: SalesDayResponse[];
}
@ApiSchema({ name: 'TopProductsReport' })
export class TopProductsReportResponse {
  @ApiProperty({ type: [TopProductResponse] }) items!: TopProductResponse[];
}
@ApiSchema({ name: 'OrdersByStatusReport' })
export class OrdersByStatusReportResponse {
  @ApiProperty({ type: [OrdersByStatusResponse] }) items!: OrdersByStatusResponse[];
}
@ApiSchema({ name: 'LowStockReport' })
export class LowStockReportResponse {
  @ApiProperty({ type: [LowStockResponse] }) items!: LowStockResponse[];
}
@ApiSchema({ name: 'AbandonedCartsReport' })
export class AbandonedCartsReportResponse {
  @ApiProperty({ type: [AbandonedCartResponse] }) items!: AbandonedCartResponse[];
}
