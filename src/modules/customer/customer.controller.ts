import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { OrderService, ReturnService } from '../order';
import { CustomerDirectory } from './customer-directory';
import { CustomerService } from './customer.service';
import { customerView } from './customer.view';
import { CustomerDetailResponse, CustomerPageResponse, CustomerResponse, ListCustomersQueryDto, StaffUpdateCustomerDto } from './dto/customer.dto';

/** How many of a customer's newest orders their detail shows. */
const RECENT_ORDERS = 10;
const flag = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');

/** Staff only: a customer never reaches another's profile (their own is /me). */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerController {
  constructor(
    private readonly customers: CustomerService,
    private readonly directory: CustomerDirectory,
    private readonly orders: OrderService,
    private readonly returns: ReturnService,
  ) {}

  @Get()
  @Allow('customers.read')
  @ApiOperation({
    summary:
      "The shop's customers from the read model (lags the feed by moments): profiles and customers known from orders placed while signed in, with their order count, lifetime value and last order. " +
      '`q` finds part of a name or email; filters status, hasOrders, marketingConsent; sorts createdAt, lastOrderAt, lifetimeValue (newest or highest first); cursor pages',
  })
  @ApiResponse({ status: 200, type: CustomerPageResponse, description: 'A page of customers' })
  @ApiErrors(400, 401, 403, 503, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ListCustomersQueryDto) {
    return this.directory.list(ctx, { ...query, hasOrders: flag(query.hasOrders), marketingConsent: flag(query.marketingConsent) });
  }

  @Get(':id')
  @Allow('customers.read')
  @ApiOperation({
    summary:
      "A customer's profile, address book and notes (the id is the `id` of their GET /me), their 10 newest orders and those orders' returns, and their order count, lifetime value and last order from the read model (which lag the feed by moments)",
  })
  @ApiResponse({ status: 200, type: CustomerDetailResponse, description: 'The newest profile version and the order facts' })
  @ApiErrors(400, 401, 403, 404, 503, 504)
  async get(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string) {
    const [profile, facts, recent] = await Promise.all([this.customers.get(ctx, id), this.directory.facts(ctx, id), this.orders.recentOfCustomer(ctx, id, RECENT_ORDERS)]);
    const recentOrders = recent.map(({ code, attributes: o }) => ({ code, status: o.status, total: o.total, placedAt: o.placedAt }));
    // The returns of those orders: bounded by them (a return belongs to one order), as GET /orders/{code}/returns shows them.
    const returns = (await this.returns.ofOrders(ctx, recent.map((order) => order.code))).map((r) => entityView(r));
    return { ...customerView(profile), ...facts, recentOrders, returns };
  }

  @Patch(':id')
  @Allow('customers.manage')
  @ApiOperation({ summary: "Change a customer's notes or status; the status goes to their account too, so a disabled customer is refused on their next request" })
  @ApiResponse({ status: 200, type: CustomerResponse, description: 'The customer at the new version', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: StaffUpdateCustomerDto) {
    const { expectedVersion, ...changes } = dto;
    return customerView(await this.customers.updateByStaff(ctx, id, expectedVersion, changes));
  }
}
