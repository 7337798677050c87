import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import {
  CreateShippingMethodDto,
  CreateShippingZoneDto,
  ShippingMethodListResponse,
  ShippingMethodResponse,
  ShippingZoneListResponse,
  ShippingZoneResponse,
  UpdateShippingMethodDto,
  UpdateShippingZoneDto, ShippingListQueryDto } from './dto/shipping.dto';
import { ENTITY_SORT_KEYS } from '../../core/sorted-page';
import { sortedPageView } from '../../http/page-view';
import { ShippingService } from './shipping.service';

@ApiTags('shipping')
@ApiBearerAuth()
@Controller('shipping-zones')
export class ShippingZoneController {
  constructor(private readonly shipping: ShippingService) {}

  @Post()
  @Allow('settings.write')
  @ApiOperation({ summary: 'Create a zone: countries, optionally only some regions or postcode prefixes' })
  @ApiResponse({ status: 201, description: 'The zone, version 1', type: ShippingZoneResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateShippingZoneDto) {
    return entityView(await this.shipping.createZone(ctx, dto));
  }

  @Get()
  @Allow('settings.read')
  @ApiOperation({ summary: 'Every zone (newest versions)' })
  @ApiResponse({ status: 200, description: 'The zones', type: ShippingZoneListResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ShippingListQueryDto) {
    return sortedPageView(ctx, await this.shipping.zones(ctx), ENTITY_SORT_KEYS, { ...query, sort: query.sort ?? 'code' });
  }

  @Get(':code')
  @Allow('settings.read')
  @ApiOperation({ summary: 'Read one zone' })
  @ApiResponse({ status: 200, description: 'The newest version', type: ShippingZoneResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.shipping.zone(ctx, code));
  }

  @Patch(':code')
  @Allow('settings.write')
  @ApiOperation({ summary: 'Change a zone (active: false retires it), with the version you last read' })
  @ApiResponse({ status: 200, description: 'The zone at its new version', type: ShippingZoneResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateShippingZoneDto) {
    return entityView(await this.shipping.updateZone(ctx, code, dto));
  }

  @Delete(':code')
  @Allow('settings.write')
  @ApiOperation({ summary: 'Retire a zone (a new, inactive version; its history stays)' })
  @ApiResponse({ status: 200, description: 'The retired zone', type: ShippingZoneResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async retire(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.shipping.retireZone(ctx, code));
  }
}

@ApiTags('shipping')
@ApiBearerAuth()
@Controller('shipping-methods')
export class ShippingMethodController {
  constructor(private readonly shipping: ShippingService) {}

  @Post()
  @Allow('settings.write')
  @ApiOperation({ summary: 'Create a method of a zone: flat, free above a subtotal, or tiers by weight' })
  @ApiResponse({ status: 201, description: 'The method, version 1', type: ShippingMethodResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateShippingMethodDto) {
    return entityView(await this.shipping.createMethod(ctx, dto));
  }

  @Get()
  @Allow('settings.read')
  @ApiOperation({ summary: 'Every method (newest versions)' })
  @ApiResponse({ status: 200, description: 'The methods', type: ShippingMethodListResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ShippingListQueryDto) {
    return sortedPageView(ctx, await this.shipping.methods(ctx), ENTITY_SORT_KEYS, { ...query, sort: query.sort ?? 'code' });
  }

  @Get(':code')
  @Allow('settings.read')
  @ApiOperation({ summary: 'Read one method' })
  @ApiResponse({ status: 200, description: 'The newest version', type: ShippingMethodResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.shipping.method(ctx, code));
  }

  @Patch(':code')
  @Allow('settings.write')
  @ApiOperation({ summary: 'Change a method (active: false retires it), with the version you last read' })
  @ApiResponse({ status: 200, description: 'The method at its new version', type: ShippingMethodResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: UpdateShippingMethodDto) {
    return entityView(await this.shipping.updateMethod(ctx, code, dto));
  }

  @Delete(':code')
  @Allow('settings.write')
  @ApiOperation({ summary: 'Retire a method (a new, inactive version; its history stays)' })
  @ApiResponse({ status: 200, description: 'The retired method', type: ShippingMethodResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async retire(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.shipping.retireMethod(ctx, code));
  }
}
