import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { pageView } from '../../http/page-view';
import { InviteStaffDto, StaffInvitationResponse, staffInvitationView } from './dto/auth.dto';
import { ChangeStaffDto, ListStaffQueryDto, StaffMemberResponse, StaffPageResponse } from './dto/staff.dto';
import { StaffInvitations } from './staff-invitations.service';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@Allow('staff.manage')
@Controller('staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly invitations: StaffInvitations,
  ) {}

  @Get()
  @ApiOperation({ summary: "The shop's staff accounts (invited, active and disabled), in cursor pages; a change shows here once the stream applied it" })
  @ApiResponse({ status: 200, description: 'A page of staff accounts', type: StaffPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ListStaffQueryDto) {
    return pageView(await this.staff.list(ctx, query));
  }

  @Post('invitations')
  @HttpCode(201)
  @ApiOperation({ summary: "Invite staff by email with their roles: mails a code to accept with (POST /auth/accept-invitation); inviting an address still invited mails a new code" })
  @ApiResponse({ status: 201, type: StaffInvitationResponse, description: 'The invited account', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 409: 'The address already has an account in this shop (a customer, or staff who accepted)' })
  @ApiErrors(400, 401, 403, 413, 422, 503, 504)
  async invite(@Tenant() ctx: TenantContext, @Body() dto: InviteStaffDto): Promise<StaffInvitationResponse> {
    return staffInvitationView(await this.invitations.invite(ctx, dto));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      "Change a staff member's roles or status (active, disabled), with the version you last read: it bites on their next request, whatever token they hold. The shop keeps one active owner: disabling or demoting the last is 409 last_owner",
  })
  @ApiResponse({ status: 200, description: 'The account at its new version', type: StaffMemberResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async change(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: ChangeStaffDto) {
    return entityView(await this.staff.change(ctx, id, dto));
  }
}
