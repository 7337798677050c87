import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { PageQueryDto } from '../../http/page-query.dto';
import { pageView } from '../../http/page-view';
import { CodeParam } from '../../http/code-param.pipe';
import { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto';
import { TenantService } from './tenant.service';

@ApiTags('tenants')
@ApiBearerAuth()
@Roles('system-admin')
@Controller('tenants')
export class TenantController {
  constructor(private readonly tenants: TenantService) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant (system admin)' })
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateTenantDto) {
    return entityView(await this.tenants.create(ctx, dto));
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Rename, disable or re-enable a tenant, with the expected version' })
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateTenantDto) {
    return entityView(await this.tenants.update(ctx, code, dto));
  }

  @Get()
  @ApiOperation({ summary: 'List tenants' })
  async list(@Tenant() ctx: TenantContext, @Query() query: PageQueryDto) {
    return pageView(await this.tenants.list(ctx, query));
  }

  @Get(':code')
  @ApiOperation({ summary: 'Read one tenant' })
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.tenants.get(ctx, code));
  }
}
