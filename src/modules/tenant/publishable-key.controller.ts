import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { CreatePublishableKeyDto, NewPublishableKeyResponse, PublishableKeyListResponse, PublishableKeyResponse } from './dto/publishable-key.dto';
import { PublishableKeys } from './publishable-key.service';

@ApiTags('publishable-keys')
@ApiBearerAuth()
@Roles('tenant-admin')
@Controller('publishable-keys')
export class PublishableKeyController {
  constructor(private readonly keys: PublishableKeys) {}

  @Post()
  @ApiOperation({ summary: 'Create a publishable key for a storefront (the key is shown once)' })
  @ApiResponse({ status: 201, description: 'The new key', type: NewPublishableKeyResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  create(@Tenant() ctx: TenantContext, @Body() dto: CreatePublishableKeyDto) {
    return this.keys.create(ctx, dto.label);
  }

  @Get()
  @ApiOperation({ summary: "The shop's publishable keys (never the keys themselves)" })
  @ApiResponse({ status: 200, description: 'The keys, oldest first', type: PublishableKeyListResponse })
  @ApiErrors(401, 403, 504)
  async list(@Tenant() ctx: TenantContext) {
    return { items: await this.keys.list(ctx) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: refused from the next request on' })
  @ApiResponse({ status: 200, description: 'The revoked key', type: PublishableKeyResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 413, 422, 504)
  revoke(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string) {
    return this.keys.revoke(ctx, id);
  }
}
