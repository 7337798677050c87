import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiGuestCart } from '../../http/api-security';
import type { Response } from 'express';
import { CartToken, Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { EmptyBodyDto } from '../../http/empty-body.dto';
import { PageQueryDto } from '../../http/page-query.dto';
import { CartService } from './cart.service';
import { cartVersionView, cartView } from './cart.view';
import {
  AddCartLineDto,
  ApplyCouponDto,
  CartChangeDto,
  CartVersionQueryDto,
  ChangeCartLineDto,
  MergeCartDto,
  SetCartAddressesDto,
  SetCartEmailDto,
  SetShippingMethodDto,
} from './dto/cart.dto';
import { CartHistoryResponse, CartResponse, ShippingOptionsResponse } from './dto/cart.response';

/** Every shopper change of a cart counts against the shop's `cartChangesPerMinute`. */
const CART_CHANGES_429 = 'Too many changes of this cart this minute (`limit`: `cartChangesPerMinute`, `retryAfterSeconds`); nothing was changed';

/**
 * Carts of guests (publishable key + the cart's token in `x-cart-token`) and customers (JWT).
 * Someone else's cart, or a cart of another tenant, is "not found". Every change returns the
 * new version priced now; changes may name `expectedVersion` (409 when stale).
 */
@ApiTags('carts')
@ApiBearerAuth()
@Controller('carts')
export class CartController {
  constructor(private readonly carts: CartService) {}

  @Post()
  @Roles('customer', 'guest')
  @ApiOperation({
    summary:
      "A guest gets a new cart and its token (shown once); a customer gets their own cart (made on the first call). A guest's new carts count against guestCartsPerClientPerMinute (their network address) and guestActionsPerKeyPerMinute (the shop's key): 429 past either",
  })
  @ApiResponse({ status: 201, description: 'A new cart (a guest cart carries its cartToken)', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiResponse({ status: 200, description: "The customer's existing cart", type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiBody({ type: EmptyBodyDto, required: false, description: 'no fields: send no body, or {}' })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 429, 504)
  async open(@Tenant() ctx: TenantContext, @Body() _body: EmptyBodyDto, @Res({ passthrough: true }) res: Response) {
    const opened = await this.carts.open(ctx);
    res.status(opened.created ? 201 : 200);
    return cartView(opened.cart, opened.priced, opened.cartToken);
  }

  @Get(':id')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'The cart, priced now: lines, discounts, shipping, tax, totals, and what would stop a checkout' })
  @ApiResponse({ status: 200, description: 'The newest version', type: CartResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.read(ctx, id, token);
    return cartView(cart, priced);
  }

  @Get(':id/history')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'The versions of the cart, oldest first, a cursor page at a time: what changed and the totals it had' })
  @ApiResponse({ status: 200, description: 'A page of versions, oldest first; `cursor` until the last page', type: CartHistoryResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async history(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Query() query: PageQueryDto, @CartToken() token?: string) {
    const page = await this.carts.history(ctx, id, token, query);
    return { id, versions: page.items.map(cartVersionView), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  @Post(':id/lines')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'Add a variant (adds to the line of the same SKU)' })
  @ApiResponse({ status: 201, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async addLine(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: AddCartLineDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.addLine(ctx, id, token, dto);
    return cartView(cart, priced);
  }

  @Patch(':id/lines/:lineId')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: "Change a line's quantity" })
  @ApiResponse({ status: 200, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async changeLine(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Param('lineId', CodeParam) lineId: string, @Body() dto: ChangeCartLineDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.changeLine(ctx, id, token, lineId, dto);
    return cartView(cart, priced);
  }

  @Delete(':id/lines/:lineId')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'Remove a line' })
  @ApiResponse({ status: 200, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async removeLine(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Param('lineId', CodeParam) lineId: string, @Query() query: CartVersionQueryDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.removeLine(ctx, id, token, lineId, query.expectedVersion);
    return cartView(cart, priced);
  }

  @Put(':id/email')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: "A guest's email for the order mails" })
  @ApiResponse({ status: 200, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async setEmail(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: SetCartEmailDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.setEmail(ctx, id, token, dto.email, dto.expectedVersion);
    return cartView(cart, priced);
  }

  @Put(':id/addresses')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'Shipping and billing address, and an optional EU VAT id' })
  @ApiResponse({ status: 200, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async setAddresses(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: SetCartAddressesDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.setAddresses(ctx, id, token, dto);
    return cartView(cart, priced);
  }

  @Get(':id/shipping-options')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: "The shipping methods that serve the cart's address, priced for this cart (409 naming the reason when none does)" })
  @ApiResponse({ status: 200, description: 'The methods, cheapest first', type: ShippingOptionsResponse })
  @ApiErrors(400, 401, 403, 404, 409, 504)
  async shippingOptions(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @CartToken() token?: string) {
    const { cart, options } = await this.carts.shippingOptions(ctx, id, token);
    const currency = cart.attributes.currency;
    return { cartId: id, version: cart.version, options: options.map((o) => ({ ...o, amount: { amount: o.amount, currency } })) };
  }

  @Put(':id/shipping-method')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'Choose one of the shipping options' })
  @ApiResponse({ status: 200, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async setShippingMethod(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: SetShippingMethodDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.setShippingMethod(ctx, id, token, dto.methodCode, dto.expectedVersion);
    return cartView(cart, priced);
  }

  @Post(':id/coupons')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'Apply a coupon (400 naming why it cannot be used)' })
  @ApiResponse({ status: 201, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async applyCoupon(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: ApplyCouponDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.applyCoupon(ctx, id, token, dto.code, dto.expectedVersion);
    return cartView(cart, priced);
  }

  @Delete(':id/coupons/:code')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: 'Remove a coupon' })
  @ApiResponse({ status: 200, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async removeCoupon(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Param('code', CodeParam) code: string, @Query() query: CartVersionQueryDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.removeCoupon(ctx, id, token, code, query.expectedVersion);
    return cartView(cart, priced);
  }

  @Post(':id/reprice')
  @Roles('customer', 'guest')
  @ApiGuestCart()
  @ApiOperation({ summary: "Accept today's prices: a new version to review and complete (after a 409 prices_changed)" })
  @ApiResponse({ status: 201, description: 'The cart at its new version', type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  @ApiErrorsDescribed({ 429: CART_CHANGES_429 })
  async reprice(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: CartChangeDto, @CartToken() token?: string) {
    const { cart, priced } = await this.carts.reprice(ctx, id, token, dto.expectedVersion);
    return cartView(cart, priced);
  }

  @Post(':id/merge')
  @Roles('customer')
  @ApiOperation({ summary: "Fold a guest cart (id and token) into the customer's cart: same SKUs add up (capped at maxLineQuantity), the guest cart becomes merged" })
  @ApiResponse({ status: 201, description: "The customer's cart at its new version", type: CartResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async merge(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() dto: MergeCartDto) {
    const { cart, priced } = await this.carts.merge(ctx, id, dto);
    return cartView(cart, priced);
  }
}
