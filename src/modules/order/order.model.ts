import { Money } from '../../core/money';

export const ORDER_STATUSES = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Why an order was cancelled: a code from this list, never a person's free text (that stays in
 * the order's history, where only the shop and the customer read it; mails speak in codes).
 */
export const CANCEL_REASONS = ['out_of_stock', 'held_limit', 'not_processed', 'processing_failed', 'by_customer', 'by_shop'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export interface OrderLine {
  productCode: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
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
  customerId: string;
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
}
