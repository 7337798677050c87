import { Money } from '../../core/money';
import { Address, DraftLine, DraftLineTotals, DraftTotals } from '../order';

/**
 * active: the shopper works on it; converted: it became an order (final); merged: a guest cart
 * folded into a customer's (final); abandoned: idle past the shop's setting (a change or
 * `POST /carts` makes it active again).
 */
export const CART_STATUSES = ['active', 'converted', 'merged', 'abandoned'] as const;
export type CartStatus = (typeof CART_STATUSES)[number];

/** Who may use a cart: a guest holding its token (kept only as a digest), or one customer. */
export type CartOwner = { kind: 'guest'; tokenDigest: string } | { kind: 'customer'; customerId: string };

/** What made a version: one shopper action, or the platform's. */
export const CART_ACTIONS = [
  'created',
  'line_added',
  'line_changed',
  'line_removed',
  'email_set',
  'addresses_set',
  'shipping_method_set',
  'coupon_applied',
  'coupon_removed',
  'merged_in',
  'merged_away',
  'repriced',
  'reactivated',
  'abandoned',
  'converted',
] as const;
export type CartAction = (typeof CART_ACTIONS)[number];

export interface CartChange {
  action: CartAction;
  /** The action's subject: a SKU and quantities, a coupon code, the order made... */
  detail?: Record<string, unknown>;
  by: string;
  at: string;
}

/** One line as stored at a version: what the shopper asked for and the price it had then. */
export type CartLine = DraftLine;

/** A line's figures at a version. */
export type CartLineTotals = DraftLineTotals;

/** The cart's figures as priced when the version was written: history shows why a total was what it was. */
export type CartTotals = DraftTotals;

export interface CartAttributes {
  status: CartStatus;
  owner: CartOwner;
  currency: string;
  lines: CartLine[];
  /** Line ids are `l1`, `l2`...: never reused within a cart. */
  nextLine: number;
  /** A guest's address for the order mails (a customer's mails go to their verified email). */
  email?: string;
  shippingAddress?: Address;
  billingAddress?: Address;
  vatId?: string;
  shippingMethodCode?: string;
  couponCodes: string[];
  totals: CartTotals;
  change: CartChange;
  lastActivityAt: string;
  /** converted: the order it became. */
  orderCode?: string;
  /** merged: the customer's cart it went into. */
  mergedInto?: string;
  /** abandoned: whether the one reminder mail is due (email known and the shop allows it). */
  reminder?: boolean;
}
