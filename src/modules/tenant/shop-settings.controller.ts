import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { ShopSettingsResponse, UpdateShopSettingsDto } from './dto/shop-settings.dto';
import { ShopSettingsService } from './shop-settings.service';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class ShopSettingsController {
  constructor(private readonly settings: ShopSettingsService) {}

  @Get()
  @Allow('settings.read')
  @ApiOperation({ summary: "The shop's storefront settings (defaults filled in) and their version" })
  @ApiResponse({ status: 200, description: 'The settings', type: ShopSettingsResponse })
  @ApiErrors(401, 403, 504)
  async get(@Tenant() ctx: TenantContext) {
    const { version, settings } = await this.settings.read(ctx);
    return { version, ...settings };
  }

  @Patch()
  @Allow('settings.write')
  @ApiOperation({ summary: 'Change some settings, with the version you last read (0 the first time)' })
  @ApiResponse({ status: 200, description: 'The settings at their new version', type: ShopSettingsResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Body() dto: UpdateShopSettingsDto) {
    const { version, settings } = await this.settings.update(ctx, dto);
    return { version, ...settings };
  }
}
