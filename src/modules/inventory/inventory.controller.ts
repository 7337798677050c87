import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { CodeParam } from '../../http/code-param.pipe';
import { PageQueryDto } from '../../http/page-query.dto';
import { ChangeStockDto } from './dto/inventory.dto';
import { InventoryService } from './inventory.service';

@ApiTags('inventory')
@ApiBearerAuth()
@Roles('tenant-admin')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get(':productCode')
  @ApiOperation({ summary: 'On-hand, reserved, available, threshold and version per warehouse' })
  levels(@Tenant() ctx: TenantContext, @Param('productCode', CodeParam) productCode: string) {
    return this.inventory.levels(ctx, productCode);
  }

  @Patch(':productCode')
  @ApiOperation({ summary: 'Set or adjust on-hand of one warehouse, with a reason and the expected version' })
  change(@Tenant() ctx: TenantContext, @Param('productCode', CodeParam) productCode: string, @Body() dto: ChangeStockDto) {
    return this.inventory.change(ctx, productCode, dto);
  }

  @Get(':productCode/movements')
  @ApiOperation({ summary: 'The movement ledger of a product: on-hand is the sum of its onHandDelta' })
  movements(@Tenant() ctx: TenantContext, @Param('productCode', CodeParam) productCode: string, @Query() query: PageQueryDto) {
    return this.inventory.movements(ctx, productCode, query);
  }
}
