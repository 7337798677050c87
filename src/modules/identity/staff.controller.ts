import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { InviteStaffDto, StaffInvitationResponse } from './dto/auth.dto';
import { StaffInvitations } from './staff-invitations.service';

@ApiTags('staff')
@ApiBearerAuth()
@Roles('owner')
@Controller('staff')
export class StaffController {
  constructor(private readonly invitations: StaffInvitations) {}

  @Post('invitations')
  @HttpCode(201)
  @ApiOperation({ summary: "Invite staff by email with their roles (owner only): mails a code to accept with (POST /auth/accept-invitation); inviting an address still invited mails a new code" })
  @ApiResponse({ status: 201, type: StaffInvitationResponse, description: 'The invited account', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 409: 'The address already has an account in this shop (a customer, or staff who accepted)' })
  @ApiErrors(400, 401, 403, 413, 422, 503, 504)
  async invite(@Tenant() ctx: TenantContext, @Body() dto: InviteStaffDto): Promise<StaffInvitationResponse> {
    const { id, account } = await this.invitations.invite(ctx, dto);
    return { id, version: account.version, email: account.attributes.email, status: account.attributes.status, roles: account.attributes.roles };
  }
}
