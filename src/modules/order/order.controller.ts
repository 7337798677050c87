import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { OrderHistoryResponse, OrderPageResponse, OrderResponse } from './dto/order.response';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { Allow, requirePermission } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { ApiGuestOrder } from '../../http/api-security';
import { CodeParam } from '../../http/code-param.pipe';
import { pageView } from '../../http/page-view';
import { ChangeOrderStatusDto, CreateOrderDto, CreateShipmentDto, ListOrdersQueryDto } from './dto/order.dto';
import { OrderService } from './order.service';
import { OrderListService } from './order-list.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrderController {
  constructor(
    private readonly orders: OrderService,
    private readonly orderList: OrderListService,
  ) {}

  @Post()
  @Roles('customer')
  @ApiOperation({
    summary:
      'Place an order (version 1, pending); the stream reserves stock and confirms or cancels it. Priced as a cart is (pricing/): the shop\'s tax rates for the address, its shipping methods and coupons; the same lines cost what a completed cart costs. ' +
      'Without shippingMethodCode: the cheapest method that serves the address, or no shipping charged when none does; a named method that does not serve it is 409 naming shippingMethod. ' +
      'Paid outside shopstream: confirmed once its stock is held. 400 naming items.<n> (a product not for sale, a variant to name, maxLineQuantity; maxOrderUnits and 25 lines: items); ' +
      '409 `prices_changed` (an expectedUnitPrice that moved), `coupon_unavailable` (with each coupon and why), maxHeldUnitsPerSku (`limit`, `skus`); 429 past customerActionsPerHour',
  })
  @ApiResponse({ status: 201, description: 'The order, version 1 (pending)', type: OrderResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 429, 504)
  async place(@Tenant() ctx: TenantContext, @Body() dto: CreateOrderDto) {
    return entityView(await this.orders.place(ctx, dto));
  }

  @Get()
  @Allow('orders.read')
  @Roles('customer')
  @ApiOperation({
    summary: "List orders: a customer's own, or all for staff with orders.read",
    description:
      'With at most one `status` (and `limit`, `cursor`): read from the orders themselves, in code order. Staff with several statuses, `paymentState`, `createdFrom`, `createdTo`, `customerId`, `q` or `sort`: ' +
      'served by the read model, which follows the orders within moments (the feed\'s delay): a page may miss the newest change; GET /orders/{code} is always current. ' +
      'Each page costs one read-model statement and one batch read of its orders. A cursor works only with the query (shop, filters, sort) it came from. A customer may sort their own by `createdAt` or `-createdAt` (newest first); a customer giving a staff filter: 400 naming it.',
  })
  @ApiResponse({ status: 200, description: 'A page of orders', type: OrderPageResponse })
  @ApiErrors(400, 401, 403, 503, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ListOrdersQueryDto) {
    return pageView(await this.orderList.list(ctx, query));
  }

  @Get(':code')
  @Allow('orders.read')
  @Roles('customer', 'guest')
  @ApiGuestOrder()
  @ApiOperation({ summary: 'Read one order (a guest: with the order token from checkout, that order only)' })
  @ApiResponse({ status: 200, description: 'The order (newest version)', type: OrderResponse })
  @ApiErrors(400, 401, 403, 404, 429, 504)
  async get(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return entityView(await this.orders.get(ctx, code));
  }

  @Get(':code/history')
  @Allow('orders.read')
  @Roles('customer', 'guest')
  @ApiGuestOrder()
  @ApiOperation({ summary: 'Every version: who, when, from-status, to-status, reason' })
  @ApiResponse({ status: 200, description: 'Every version of the order', type: OrderHistoryResponse })
  @ApiErrors(400, 401, 403, 404, 429, 504)
  async history(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return { code, versions: await this.orders.statusHistory(ctx, code) };
  }

  @Patch(':code/status')
  @Allow('orders.fulfil')
  @Roles('customer')
  @ApiOperation({ summary: 'Move the order along its state machine, with the expected version', description: 'Staff cancelling (`cancelled`) also need the permission `orders.cancel` (owner, tenant-admin): 403 missing_permission otherwise.' })
  @ApiResponse({ status: 200, description: 'The order at its new version', type: OrderResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 429, 504)
  async changeStatus(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: ChangeOrderStatusDto) {
    // Cancelling gives money back and stock up: fulfilment moves orders along, never cancels them.
    if (dto.status === 'cancelled' && isStaff(ctx)) requirePermission(ctx, 'orders.cancel');
    return entityView(await this.orders.changeStatus(ctx, code, dto));
  }

  @Post(':code/shipments')
  @Allow('orders.fulfil')
  @ApiOperation({
    summary:
      'Ship some or all units not yet shipped (a processing or partially_shipped order): the order becomes partially_shipped, or shipped with its last units; the stream deducts their stock and captures their share of the payment (plus shipping on the first shipment)',
  })
  @ApiResponse({ status: 201, description: 'The order at its new version, the shipment last in `shipments`', type: OrderResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async ship(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: CreateShipmentDto) {
    return entityView(await this.orders.ship(ctx, code, dto));
  }
}
