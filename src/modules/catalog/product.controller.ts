import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { CodeParam } from '../../http/code-param.pipe';
import { pageView } from '../../http/page-view';
import { CreateProductDto, ListProductsQueryDto, UpdateProductDto } from './dto/product.dto';
import { ProductService } from './product.service';

@ApiTags('products')
@ApiBearerAuth()
@Controller('products')
export class ProductController {
  constructor(private readonly products: ProductService) {}

  @Post()
  @Roles('tenant-admin')
  @ApiOperation({ summary: 'Create a product (version 1)' })
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateProductDto) {
    return entityView(await this.products.create(ctx, dto));
  }

  @Patch(':code')
  @Roles('tenant-admin')
  @ApiOperation({ summary: 'Change a product, with the version you last read' })
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateProductDto) {
    return entityView(await this.products.update(ctx, code, dto));
  }

  @Get()
  @Roles('tenant-admin', 'customer')
  @ApiOperation({ summary: 'List products; customers see active ones only' })
  async list(@Tenant() ctx: TenantContext, @Query() query: ListProductsQueryDto) {
    const { active, ...page } = query;
    return pageView(await this.products.list(ctx, page, active === undefined ? undefined : active === 'true'));
  }

  @Get(':code')
  @Roles('tenant-admin', 'customer')
  @ApiOperation({ summary: 'Read one product' })
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.products.get(ctx, code));
  }
}
