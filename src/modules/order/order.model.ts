import { Money } from '../../core/money';
import type { OfflinePaymentKind } from '../tenant';

export const ORDER_STATUSES = ['pending', 'awaiting_payment', 'confirmed', 'processing', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Why an order was cancelled: a code from this list, never a person's free text (that stays in
 * the order's history, where only the shop and the customer read it; mails speak in codes).
 */
export const CANCEL_REASONS = ['out_of_stock', 'held_limit', 'coupon_unavailable', 'payment_timeout', 'not_processed', 'processing_failed', 'by_customer', 'by_shop'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export interface OrderLine {
  productCode: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  /** unitPrice x quantity (before discounts). */
  lineTotal: Money;
  /** Orders from a checkout: the variant's options, and the line's discount, tax and total. */
  options?: Record<string, string>;
  discount?: Money;
  tax?: Money;
  taxRateBps?: number;
  /** The tax rate code that applied, `reverse_charge`, `shop_default` or `no_rate`. */
  taxRule?: string;
  total?: Money;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  region?: string;
}

/** How an order was priced and is paid: where it came from and how each figure was made (every order since pricing/ prices them all). */
export interface CheckoutSnapshot {
  /** The cart it was made from, at the version completed (absent: `POST /orders`). */
  cartId?: string;
  cartVersion?: number;
  /**
   * `online`: the order awaits payment with its stock held; `offline`: settled outside
   * shopstream, confirmed once stock is held, or (`offlineKind: before_shipping`, a bank
   * transfer) awaiting payment until staff record it or the offline hold ends.
   */
  paymentKind: 'online' | 'offline';
  /** Offline orders: when the money comes (absent on orders placed before kinds existed: on_delivery). */
  offlineKind?: OfflinePaymentKind;
  billingAddress?: Address;
  vatId?: string;
  reverseCharge: boolean;
  taxIncluded: boolean;
  shippingMethod?: { code: string; name: string; amount: Money };
  coupons: { code: string; kind: string; amount: Money }[];
  /** Who redeems the coupons (and, for a guest, holds the stock): `e.<digest of the normalized mailbox>` (a guest, or a customer with a verified email) or `c.<customer>`. */
  redeemer: string;
  /** A guest's checkout: a digest of the address they called from, whose held units are capped too (`guestHeldUnitsPerSkuPerClient`). */
  client?: string;
  rules: { tax: string[]; shipping?: string };
}

/** Units of one SKU of the order: what a shipment carries, or a return gives back. */
export interface OrderUnits {
  sku: string;
  quantity: number;
}

/** A shipment (fulfilment) of some of the order's units: it captures their share of the money and deducts their stock. */
export interface Shipment {
  /** `S1`, `S2`, ... in the order they were made. */
  id: string;
  lines: OrderUnits[];
  carrier: string;
  trackingNumber: string;
  /** What it captures: its units' share of the order total, plus shipping on the first shipment. */
  amount: Money;
  shippedAt: string;
  by: string;
}

/** How the order got to this version: one status move, who made it and why. */
export interface StatusChange {
  from?: OrderStatus;
  to: OrderStatus;
  /** A cancel reason code, or the note a person gave with the move. */
  reason?: string;
  by: string;
  at: string;
}

export interface OrderAttributes {
  /** The customer's user id; `guest` for a guest checkout (then `guest` is true). */
  customerId: string;
  /** A guest's order: no customer may read it by id, only its cart's token holder. */
  guest?: boolean;
  customerEmail?: string;
  items: OrderLine[];
  shippingAddress: Address;
  paymentMethod: string;
  currency: string;
  subtotal: Money;
  taxRateBps: number;
  tax: Money;
  total: Money;
  status: OrderStatus;
  /** Why the order is cancelled. */
  cancelReason?: CancelReason;
  /** With `out_of_stock`: the SKUs that were short. */
  outOfStockSkus?: string[];
  /** With `held_limit`: the SKUs this customer already held too many units of. */
  heldLimitSkus?: string[];
  trackingNumber?: string;
  placedAt: string;
  change: StatusChange;
  /** Orders from a checkout: all discounts (lines and shipping) and the shipping price. */
  discount?: Money;
  shipping?: Money;
  checkout?: CheckoutSnapshot;
  /** With `coupon_unavailable`: the coupons that were used up or already used by this shopper. */
  unavailableCoupons?: string[];
  /** While `awaiting_payment`: when the stock and coupons held for it are released. */
  holdUntil?: string;
  /** The payment that paid the order (another one that succeeds is voided or refunded). */
  paidWith?: string;
  /** Set when a payment that came after the hold ended took the stock again and confirmed the order. */
  latePayment?: boolean;
  shipments?: Shipment[];
  /** When it was delivered: the return window counts from here. */
  deliveredAt?: string;
  /**
   * A guest's order claimed by the customer (token subject) whose verified email it was placed
   * with (`POST /me/claim-guest-orders`): theirs from then on; it stays `guest` (its stock,
   * coupons and mails were a guest's) and its order token keeps working.
   */
  claimedBy?: string;
  claimedAt?: string;
}

/** The customer an order belongs to: who placed it, or for a guest's order who claimed it (none: a guest's only). */
export function orderCustomerOf(order: Pick<OrderAttributes, 'customerId' | 'guest' | 'claimedBy'>): string | undefined {
  return order.guest ? order.claimedBy : order.customerId;
}
