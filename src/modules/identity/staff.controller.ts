import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { pageView } from '../../http/page-view';
import { ChangeStaffDto, ListStaffQueryDto, StaffMemberResponse, StaffPageResponse } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@Allow('staff.manage')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOperation({ summary: "The shop's staff accounts (invited, active and disabled), in cursor pages; a change shows here once the stream applied it" })
  @ApiResponse({ status: 200, description: 'A page of staff accounts', type: StaffPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ListStaffQueryDto) {
    return pageView(await this.staff.list(ctx, query));
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
