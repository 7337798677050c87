import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { MoneyDto } from '../../../http/money.dto';
import { EntityResponse } from '../../../http/responses/entity.response';
import { CANCEL_REASONS, CancelReason, ORDER_STATUSES, OrderStatus } from '../order.model';
import { AppliedCouponResponse, CartShippingMethodResponse, PricingRulesResponse } from '../../../http/responses/pricing.response';
import { AddressDto, PAYMENT_METHODS } from './order.dto';
import { OFFLINE_PAYMENT_KINDS } from '../../tenant';

@ApiSchema({ name: 'OrderLine' })
export class OrderLineResponse {
  @ApiProperty({ type: String, example: 'PRD-001' })
  productCode!: string;

  @ApiProperty({ type: String, example: 'CUP-ESP-WHT' })
  sku!: string;

  @ApiProperty({ type: String, example: 'Espresso cup', description: 'the product name when the order was placed' })
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 2 })
  quantity!: number;

  @ApiProperty({ type: MoneyDto, description: 'the catalog price when the order was placed' })
  unitPrice!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'unitPrice x quantity, before discounts' })
  lineTotal!: MoneyDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { Size: 'M' }, description: "every order priced by pricing/ (absent on POST /orders orders placed before): the variant's option values ({} for a product without options)" })
  options?: Record<string, string>;

  @ApiPropertyOptional({ type: MoneyDto, description: "every order priced by pricing/ (absent on POST /orders orders placed before): this line's share of the coupons' discount" })
  discount?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'every order priced by pricing/ (absent on POST /orders orders placed before): tax of the line after its discount, rounded half up per line' })
  tax?: MoneyDto;

  @ApiPropertyOptional({ type: 'integer', example: 725, description: "every order priced by pricing/ (absent on POST /orders orders placed before): the line's tax rate in basis points" })
  taxRateBps?: number;

  @ApiPropertyOptional({ type: String, example: 'US-CA', description: 'every order priced by pricing/ (absent on POST /orders orders placed before): the tax rate code that applied, reverse_charge, shop_default (the tenant rate, in a shop without tax rates) or no_rate' })
  taxRule?: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'every order priced by pricing/ (absent on POST /orders orders placed before): lineTotal - discount, plus tax when prices exclude tax' })
  total?: MoneyDto;
}

/** How an order was priced and is paid (src/modules/order/order.model.ts CheckoutSnapshot). */
@ApiSchema({ name: 'OrderCheckout', description: 'How the order was priced and is paid: where it came from and how each figure was made (every order priced by pricing/: cart completions and POST /orders)' })
export class OrderCheckoutResponse {
  @ApiPropertyOptional({ type: String, description: 'the cart the order was made from (absent: placed by POST /orders)' })
  cartId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the cart version that was completed (absent: placed by POST /orders)' })
  cartVersion?: number;

  @ApiProperty({ type: String, enum: ['online', 'offline'], description: 'online: the order awaits payment with its stock held; offline: settled outside shopstream (see offlineKind; every POST /orders order: offline, on_delivery)' })
  paymentKind!: 'online' | 'offline';

  @ApiPropertyOptional({
    type: String,
    enum: OFFLINE_PAYMENT_KINDS,
    description: 'offline orders: on_delivery is confirmed once the stock is held; before_shipping (bank transfer) awaits payment until staff record it (POST /orders/{code}/offline-payment) or offlinePaymentHoldHours pass',
  })
  offlineKind?: string;

  @ApiPropertyOptional({ type: AddressDto, description: 'when the cart had one' })
  billingAddress?: AddressDto;

  @ApiPropertyOptional({ type: String, description: "the buyer's EU VAT id, when the cart had one" })
  vatId?: string;

  @ApiProperty({ type: Boolean, description: 'EU reverse charge: no VAT charged' })
  reverseCharge!: boolean;

  @ApiProperty({ type: Boolean, description: "whether the shop's prices include tax" })
  taxIncluded!: boolean;

  @ApiPropertyOptional({ type: CartShippingMethodResponse, description: 'the chosen shipping method and its price' })
  shippingMethod?: CartShippingMethodResponse;

  @ApiProperty({ type: [AppliedCouponResponse], description: 'the coupons applied, in the order they applied' })
  coupons!: AppliedCouponResponse[];

  @ApiProperty({ type: String, example: 'c.alice', description: 'who redeems the coupons and (a guest) holds the stock: e.<digest of the normalized mailbox> when an email is known (a guest, or a customer with a verified email), else c.<customer>' })
  redeemer!: string;

  @ApiPropertyOptional({ type: String, description: "a guest's checkout: a digest of the network address it came from, whose held units of each SKU are capped (guestHeldUnitsPerSkuPerClient)" })
  client?: string;

  @ApiProperty({ type: PricingRulesResponse })
  rules!: PricingRulesResponse;
}

/** The status move that made this version. */
@ApiSchema({ name: 'OrderStatusChange' })
export class OrderStatusChangeResponse {
  @ApiPropertyOptional({ enum: ORDER_STATUSES, description: 'absent on version 1' })
  from?: OrderStatus;

  @ApiProperty({ enum: ORDER_STATUSES })
  to!: OrderStatus;

  @ApiPropertyOptional({ type: String, description: 'a cancel reason code, or the note a person gave with the move' })
  reason?: string;

  @ApiProperty({ type: String, description: 'the user who made the move (or the platform)' })
  by!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
}

@ApiSchema({ name: 'OrderUnits' })
export class OrderUnitsResponse {
  @ApiProperty({ type: String }) sku!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) quantity!: number;
}

@ApiSchema({ name: 'Shipment' })
export class ShipmentResponse {
  @ApiProperty({ type: String, example: 'S1' }) id!: string;
  @ApiProperty({ type: [OrderUnitsResponse] }) lines!: OrderUnitsResponse[];
  @ApiProperty({ type: String, example: 'UPS' }) carrier!: string;
  @ApiProperty({ type: String }) trackingNumber!: string;
  @ApiProperty({ type: MoneyDto, description: "what it captures: its units' share of the total, plus shipping on the first shipment" }) amount!: MoneyDto;
  @ApiProperty({ type: String, format: 'date-time' }) shippedAt!: string;
  @ApiProperty({ type: String }) by!: string;
}

@ApiSchema({ name: 'OrderAttributes', description: 'src/modules/order/order.model.ts; more properties may be added' })
export class OrderAttributesResponse {
  @ApiProperty({ type: String, description: "the customer's user id (token subject); `guest` for a guest checkout" })
  customerId!: string;

  @ApiPropertyOptional({ type: Boolean, description: "true on a guest's order (absent otherwise): only its cart's token holder reads it" })
  guest?: boolean;

  @ApiPropertyOptional({ type: String, description: 'the verified email of the customer, when the token had one; mails go there only' })
  customerEmail?: string;

  @ApiPropertyOptional({ type: String, description: "a guest's order claimed by a customer with the same verified email (POST /me/claim-guest-orders): their user id; the order stays `guest` and its order token keeps working" })
  claimedBy?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when it was claimed' })
  claimedAt?: string;

  @ApiProperty({ type: [OrderLineResponse] })
  items!: OrderLineResponse[];

  @ApiProperty({ type: AddressDto })
  shippingAddress!: AddressDto;

  @ApiProperty({ type: String, example: 'card', description: `POST /orders: one of ${PAYMENT_METHODS.join(', ')}; a checkout: one of the shop's payment methods (settings)` })
  paymentMethod!: string;

  @ApiProperty({ type: String, example: 'USD' })
  currency!: string;

  @ApiProperty({ type: MoneyDto })
  subtotal!: MoneyDto;

  @ApiProperty({ type: 'integer', example: 1000 })
  taxRateBps!: number;

  @ApiProperty({ type: MoneyDto })
  tax!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  total!: MoneyDto;

  @ApiProperty({ enum: ORDER_STATUSES })
  status!: OrderStatus;

  @ApiPropertyOptional({ enum: CANCEL_REASONS, description: 'why a cancelled order was cancelled' })
  cancelReason?: CancelReason;

  @ApiPropertyOptional({ type: [String], description: 'with out_of_stock: the SKUs that were short' })
  outOfStockSkus?: string[];

  @ApiPropertyOptional({ type: [String], description: 'with held_limit: the SKUs the customer already held too many units of' })
  heldLimitSkus?: string[];

  @ApiPropertyOptional({ type: String, example: '1Z999AA10123456784', description: 'set when shipped' })
  trackingNumber?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  placedAt!: string;

  @ApiProperty({ type: OrderStatusChangeResponse })
  change!: OrderStatusChangeResponse;

  @ApiPropertyOptional({ type: MoneyDto, description: 'every order priced by pricing/ (absent on POST /orders orders placed before): all discounts (lines and shipping)' })
  discount?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: "every order priced by pricing/ (absent on POST /orders orders placed before): the shipping method's price, before any free-shipping coupon" })
  shipping?: MoneyDto;

  @ApiPropertyOptional({ type: OrderCheckoutResponse, description: 'how the order was priced and is paid, and the cart it came from (absent on POST /orders orders placed before pricing/ priced them)' })
  checkout?: OrderCheckoutResponse;

  @ApiPropertyOptional({ type: [String], description: 'with coupon_unavailable: the coupons that were used up or already used by this shopper' })
  unavailableCoupons?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'set when the order moved to awaiting_payment (and kept after): when the stock and coupons held for it are released if it is still unpaid' })
  holdUntil?: string;

  @ApiPropertyOptional({ type: String, example: 'ORD-000001-P1', description: 'the payment that paid the order' })
  paidWith?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'a payment that came after the hold ended took the stock again' })
  latePayment?: boolean;

  @ApiPropertyOptional({ type: [ShipmentResponse], description: 'the shipments so far, oldest first' })
  shipments?: ShipmentResponse[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when it was delivered: the return window counts from here' })
  deliveredAt?: string;
}

@ApiSchema({ name: 'Order' })
export class OrderResponse extends EntityResponse {
  @ApiProperty({ type: OrderAttributesResponse })
  attributes!: OrderAttributesResponse;
}

@ApiSchema({ name: 'OrderPage' })
export class OrderPageResponse {
  @ApiProperty({ type: [OrderResponse] })
  items!: OrderResponse[];

  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page (a filtered page may hold no items and still have one)' })
  cursor?: string;
}

@ApiSchema({ name: 'OrderHistoryEntry' })
export class OrderHistoryEntryResponse {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, description: 'absent on version 1' })
  fromStatus?: OrderStatus;

  @ApiProperty({ enum: ORDER_STATUSES })
  toStatus!: OrderStatus;

  @ApiPropertyOptional({ type: String, description: 'a cancel reason code, or the note a person gave' })
  reason?: string;

  @ApiProperty({ type: String })
  by!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
}

@ApiSchema({ name: 'OrderHistory' })
export class OrderHistoryResponse {
  @ApiProperty({ type: String, example: 'ORD-000001' })
  code!: string;

  @ApiProperty({ type: [OrderHistoryEntryResponse], description: 'every applied version, oldest first' })
  versions!: OrderHistoryEntryResponse[];
}

@ApiSchema({ name: 'ClaimedGuestOrders' })
export class ClaimedGuestOrdersResponse {
  @ApiProperty({ type: [String], example: ['ORD-000007'], description: 'the guest orders this call made yours (empty on a repeat)' })
  claimed!: string[];

  @ApiProperty({ type: [String], example: ['ORD-000003', 'ORD-000007'], description: 'every guest order you have claimed, by any call, in code order' })
  orders!: string[];
}
