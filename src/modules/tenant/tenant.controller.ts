import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { TenantPageResponse, TenantResponse } from './dto/tenant.response';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { PageQueryDto } from '../../http/page-query.dto';
import { pageView } from '../../http/page-view';
import { CodeParam } from '../../http/code-param.pipe';
import { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto';
import { TenantService } from './tenant.service';

@ApiTags('tenants')
@ApiBearerAuth()
@Allow('tenants.manage')
@Controller('tenants')
export class TenantController {
  constructor(private readonly tenants: TenantService) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant (system admin)' })
  @ApiResponse({ status: 201, description: 'The tenant, version 1', type: TenantResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateTenantDto) {
    return entityView(await this.tenants.create(ctx, dto));
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Rename, disable or re-enable a tenant, with the expected version' })
  @ApiResponse({ status: 200, description: 'The tenant at its new version', type: TenantResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateTenantDto) {
    return entityView(await this.tenants.update(ctx, code, dto));
  }

  @Get()
  @ApiOperation({ summary: 'List tenants' })
  @ApiResponse({ status: 200, description: 'A page of tenants', type: TenantPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: PageQueryDto) {
    return pageView(await this.tenants.list(ctx, query));
  }

  @Get(':code')
  @ApiOperation({ summary: 'Read one tenant' })
  @ApiResponse({ status: 200, description: 'The tenant (newest version)', type: TenantResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.tenants.get(ctx, code));
  }
}
