import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { InventoryLevelsResponse, StockLevelResponse, StockMovementPageResponse } from './dto/inventory.response';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { TenantContext } from '../../core/tenant-context';
import { CodeParam } from '../../http/code-param.pipe';
import { PageQueryDto } from '../../http/page-query.dto';
import { ChangeStockDto } from './dto/inventory.dto';
import { InventoryService } from './inventory.service';

@ApiTags('inventory')
@ApiBearerAuth()
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get(':code')
  @Allow('inventory.read')
  @ApiOperation({ summary: 'On-hand, reserved, available, threshold and version per warehouse' })
  @ApiResponse({ status: 200, description: 'The stock levels of the product, one per warehouse', type: InventoryLevelsResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  levels(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return this.inventory.levels(ctx, code);
  }

  @Patch(':code')
  @Allow('inventory.write')
  @ApiOperation({ summary: 'Set or adjust on-hand of one warehouse, with a reason and the expected version' })
  @ApiResponse({ status: 200, description: 'The stock level after the change', type: StockLevelResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  change(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: ChangeStockDto) {
    return this.inventory.change(ctx, code, dto);
  }

  @Get(':code/movements')
  @Allow('inventory.read')
  @ApiOperation({ summary: 'The movement ledger of a product: on-hand is the sum of its onHandDelta' })
  @ApiResponse({ status: 200, description: 'A page of the movement ledger', type: StockMovementPageResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  movements(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Query() query: PageQueryDto) {
    return this.inventory.movements(ctx, code, query);
  }
}
