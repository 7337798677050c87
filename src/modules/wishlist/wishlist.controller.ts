import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { WishDto, WishlistResponse } from './dto/wishlist.dto';
import { WishlistService } from './wishlist.service';

@ApiTags('wishlist')
@ApiBearerAuth()
@Controller('wishlist')
export class WishlistController {
  constructor(private readonly wishlists: WishlistService) {}

  @Get()
  @Roles('customer')
  @ApiOperation({ summary: 'Your saved variants' })
  @ApiResponse({ status: 200, type: WishlistResponse, description: 'The newest version of your wishlist' })
  @ApiErrors(401, 403, 504)
  async get(@Tenant() ctx: TenantContext) {
    return this.wishlists.get(ctx);
  }

  @Put('items/:sku')
  @Roles('customer')
  @ApiOperation({ summary: 'Save a variant (again: change `notify`); with notify, a mail to your verified email when it is back in stock' })
  @ApiResponse({ status: 200, type: WishlistResponse, description: 'The wishlist at its new version', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 404: 'No variant with this SKU that the shop sells: an inactive product or variant gets the same answer as an unknown SKU' })
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async put(@Tenant() ctx: TenantContext, @Param('sku', CodeParam) sku: string, @Body() dto: WishDto) {
    return this.wishlists.put(ctx, sku, dto.notify ?? false);
  }

  @Delete('items/:sku')
  @Roles('customer')
  @ApiOperation({ summary: 'Remove a variant from your wishlist' })
  @ApiResponse({ status: 200, type: WishlistResponse, description: 'The wishlist at its new version', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async remove(@Tenant() ctx: TenantContext, @Param('sku', CodeParam) sku: string) {
    return this.wishlists.remove(ctx, sku);
  }
}
