import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { CustomerService } from './customer.service';
import { customerView } from './customer.view';
import { CustomerResponse, StaffUpdateCustomerDto } from './dto/customer.dto';

/** Staff only: a customer never reaches another's profile (their own is /me). */
@ApiTags('customers')
@ApiBearerAuth()
@Roles('tenant-admin')
@Controller('customers')
export class CustomerController {
  constructor(private readonly customers: CustomerService) {}

  @Get(':id')
  @ApiOperation({ summary: "A customer's profile, address book and notes (the id is the `id` of their GET /me)" })
  @ApiResponse({ status: 200, type: CustomerResponse, description: 'The newest version' })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string) {
    return customerView(await this.customers.get(ctx, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a customer's notes or status; the status goes to their account too, so a disabled customer is refused on their next request" })
  @ApiResponse({ status: 200, type: CustomerResponse, description: 'The customer at the new version', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: StaffUpdateCustomerDto) {
    const { expectedVersion, ...changes } = dto;
    return customerView(await this.customers.updateByStaff(ctx, id, expectedVersion, changes));
  }
}
