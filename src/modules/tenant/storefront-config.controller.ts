import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { ValidationFailedError } from '../../core/errors';
import { ApiErrors } from '../../http/api-errors';
import { StorefrontConfigQueryDto, StorefrontConfigResponse } from './dto/storefront-config.dto';
import { StorefrontDirectory } from './storefront-directory';

/** How one deployed storefront finds the shop it serves: public, before it has any key. */
@ApiTags('storefront')
@Controller('storefront')
export class StorefrontConfigController {
  constructor(private readonly storefronts: StorefrontDirectory) {}

  @Get('config')
  @Public()
  @ApiOperation({
    summary: 'The shop a storefront serves: by `host` (a shop\'s storefront.domains), or any shop by `tenant` (local development). No token or key',
    description: 'Exactly one of `host` and `tenant`. Only shops whose storefront is enabled (storefront.publishableKey set, the key active) are found; any other answer is 404 `unknown_host`.',
  })
  @ApiResponse({ status: 200, description: 'The shop', type: StorefrontConfigResponse })
  @ApiErrors(400, 404, 504)
  async config(@Query() query: StorefrontConfigQueryDto) {
    if ((query.host === undefined) === (query.tenant === undefined)) {
      throw new ValidationFailedError([{ field: query.host === undefined ? 'host' : 'tenant', problem: query.host === undefined ? 'give host or tenant' : 'give host or tenant, not both' }]);
    }
    return query.host !== undefined ? this.storefronts.byHost(query.host) : this.storefronts.byTenant(query.tenant!);
  }
}
