import { Money } from '../../core/money';

export const ORDER_STATUSES = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

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
  /** Why the order is cancelled, e.g. `out_of_stock`. */
  cancelReason?: string;
  outOfStockSkus?: string[];
  trackingNumber?: string;
  placedAt: string;
  change: StatusChange;
}
