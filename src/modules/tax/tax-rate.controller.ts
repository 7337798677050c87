import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { TAX_RATE_SORT_KEYS } from './tax.model';
import { sortedPageView } from '../../http/page-view';
import { CreateTaxRateDto, TaxRateListQueryDto, TaxRateListResponse, TaxRateResponse, UpdateTaxRateDto } from './dto/tax-rate.dto';
import { TaxRateService } from './tax-rate.service';

@ApiTags('tax-rates')
@ApiBearerAuth()
@Controller('tax-rates')
export class TaxRateController {
  constructor(private readonly rates: TaxRateService) {}

  @Post()
  @Allow('settings.write')
  @ApiOperation({ summary: 'Create a tax rate for a country (optionally a region) and a tax class; one active rate each' })
  @ApiResponse({ status: 201, description: 'The rate, version 1', type: TaxRateResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateTaxRateDto) {
    return entityView(await this.rates.create(ctx, dto));
  }

  @Get()
  @Allow('settings.read')
  @ApiOperation({ summary: 'Every tax rate of the shop (newest versions, retired ones included)' })
  @ApiResponse({ status: 200, description: 'The rates', type: TaxRateListResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: TaxRateListQueryDto) {
    return sortedPageView(ctx, await this.rates.list(ctx), TAX_RATE_SORT_KEYS, { ...query, sort: query.sort ?? 'code' });
  }

  @Get(':code')
  @Allow('settings.read')
  @ApiOperation({ summary: 'Read one tax rate' })
  @ApiResponse({ status: 200, description: 'The newest version', type: TaxRateResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.rates.get(ctx, code));
  }

  @Patch(':code')
  @Allow('settings.write')
  @ApiOperation({ summary: 'Change the rate, name or active flag, with the version you last read' })
  @ApiResponse({ status: 200, description: 'The rate at its new version', type: TaxRateResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateTaxRateDto) {
    return entityView(await this.rates.update(ctx, code, dto));
  }

  @Delete(':code')
  @Allow('settings.write')
  @ApiOperation({ summary: 'Retire the rate (a new, inactive version; its history stays)' })
  @ApiResponse({ status: 200, description: 'The retired rate', type: TaxRateResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async retire(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.rates.retire(ctx, code));
  }
}
