import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors } from '../../http/api-errors';
import {
  AbandonedCartsReportResponse,
  LowStockReportResponse,
  OrdersByStatusReportResponse,
  ReportQueryDto,
  SalesReportResponse,
  TopProductsReportResponse,
} from './dto/report.dto';
import { toCsv } from '../../core/csv';
import { ReportService } from './report.service';

const COLUMNS = {
  sales: ['day', 'currency', 'orders', 'gross', 'discounts', 'tax', 'shipping', 'refunds', 'net'],
  topProducts: ['productCode', 'name', 'units', 'revenue', 'currency'],
  ordersByStatus: ['status', 'orders', 'total', 'currency'],
  lowStock: ['sku', 'warehouse', 'available', 'onHand', 'threshold'],
  abandonedCarts: ['cartId', 'lines', 'total', 'currency', 'lastActivityAt'],
};

/** Tenant admins' reports from the read model; `format=csv` exports the same rows. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
@ApiProduces('application/json', 'text/csv')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('sales')
  @Allow('reports.read')
  @ApiOperation({ summary: 'Sales per day: gross, discounts, tax, shipping, refunds, net (minor units)' })
  @ApiResponse({ status: 200, type: SalesReportResponse, description: 'One row per day and currency (CSV with format=csv)' })
  @ApiErrors(400, 401, 403, 504)
  async sales(@Tenant() ctx: TenantContext, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    return answer(res, query, 'sales', await this.reports.sales(ctx, query), COLUMNS.sales);
  }

  @Get('top-products')
  @Allow('reports.read')
  @ApiOperation({ summary: 'Products by revenue in the period (units and revenue of their order lines)' })
  @ApiResponse({ status: 200, type: TopProductsReportResponse, description: 'Best first (CSV with format=csv)' })
  @ApiErrors(400, 401, 403, 504)
  async topProducts(@Tenant() ctx: TenantContext, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    return answer(res, query, 'top-products', await this.reports.topProducts(ctx, query), COLUMNS.topProducts);
  }

  @Get('orders-by-status')
  @Allow('reports.read')
  @ApiOperation({ summary: 'Orders and their totals by status' })
  @ApiResponse({ status: 200, type: OrdersByStatusReportResponse, description: 'One row per status and currency (CSV with format=csv)' })
  @ApiErrors(400, 401, 403, 504)
  async ordersByStatus(@Tenant() ctx: TenantContext, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    return answer(res, query, 'orders-by-status', await this.reports.ordersByStatus(ctx), COLUMNS.ordersByStatus);
  }

  @Get('low-stock')
  @Allow('reports.read')
  @ApiOperation({ summary: 'Stock levels at or below their low-stock threshold' })
  @ApiResponse({ status: 200, type: LowStockReportResponse, description: 'Lowest first (CSV with format=csv)' })
  @ApiErrors(400, 401, 403, 504)
  async lowStock(@Tenant() ctx: TenantContext, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    return answer(res, query, 'low-stock', await this.reports.lowStock(ctx, query), COLUMNS.lowStock);
  }

  @Get('abandoned-carts')
  @Allow('reports.read')
  @ApiOperation({ summary: 'Abandoned carts with their value' })
  @ApiResponse({ status: 200, type: AbandonedCartsReportResponse, description: 'Most valuable first (CSV with format=csv)' })
  @ApiErrors(400, 401, 403, 504)
  async abandonedCarts(@Tenant() ctx: TenantContext, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    return answer(res, query, 'abandoned-carts', await this.reports.abandonedCarts(ctx, query), COLUMNS.abandonedCarts);
  }
}

function answer(res: Response, query: ReportQueryDto, name: string, rows: Record<string, string | number>[], columns: string[]) {
  if (query.format !== 'csv') return { items: rows };
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return toCsv(rows, columns);
}
