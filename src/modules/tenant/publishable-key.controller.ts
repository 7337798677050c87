import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { PageQueryDto } from '../../http/page-query.dto';
import { CreatePublishableKeyDto } from './dto/publishable-key.dto';
import { CreatedPublishableKeyResponse, PublishableKeyPageResponse, PublishableKeyResponse } from './dto/publishable-key.response';
import { PublishableKeyService } from './publishable-key.service';

@ApiTags('publishable-keys')
@ApiBearerAuth()
@Allow('keys.manage')
@Controller('publishable-keys')
export class PublishableKeyController {
  constructor(private readonly keys: PublishableKeyService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a publishable key for a storefront (shown in full only in this response)',
    description: 'A tenant has at most 20 active keys (409 `maxActivePublishableKeys`). A retry with the same Idempotency-Key gets the same key again.',
  })
  @ApiResponse({ status: 201, description: 'The key, in full this once', type: CreatedPublishableKeyResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  create(@Tenant() ctx: TenantContext, @Body() dto: CreatePublishableKeyDto) {
    return this.keys.create(ctx, dto.label);
  }

  @Get()
  @ApiOperation({ summary: 'List the publishable keys, active and revoked (never the keys themselves)' })
  @ApiResponse({ status: 200, description: 'A page of keys', type: PublishableKeyPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: PageQueryDto) {
    const page = await this.keys.list(ctx, query);
    return { items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a publishable key: the next request with it is refused (revoking twice changes nothing)' })
  @ApiResponse({ status: 200, description: 'The key, revoked', type: PublishableKeyResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 413, 422, 504)
  revoke(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string) {
    return this.keys.revoke(ctx, id);
  }
}
