import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { InviteOwnerDto, StaffInvitationResponse, staffInvitationView } from './dto/auth.dto';
import { TenantOwnerInvitations } from './tenant-owner-invitations';

/** The system admin invites a shop's owner (identity's route under /tenants: the invitation is identity's business). */
@ApiTags('tenants')
@ApiBearerAuth()
@Allow('tenants.manage')
@Controller('tenants')
export class TenantOwnerController {
  constructor(private readonly owners: TenantOwnerInvitations) {}

  @Post(':code/owner-invitations')
  @HttpCode(201)
  @ApiOperation({ summary: "Invite an owner into a tenant (system admin): the shop's staff invitation with role owner, mailed a code to accept with (POST /auth/accept-invitation); an address still invited gets a new code" })
  @ApiResponse({ status: 201, type: StaffInvitationResponse, description: 'The invited account, in that tenant', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 404: 'No such tenant', 409: 'The address already has an account in that shop (a customer, or staff who accepted)' })
  @ApiErrors(400, 401, 403, 413, 422, 503, 504)
  async invite(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: InviteOwnerDto): Promise<StaffInvitationResponse> {
    return staffInvitationView(await this.owners.invite(ctx, code, dto.email));
  }
}
