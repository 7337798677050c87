export interface TenantAttributes {
  enabled: boolean;
  contactEmail?: string;
  /** Sales tax in basis points (1000 = 10%), applied per order, rounded half up. */
  taxRateBps: number;
  /** ISO 4217; every price of the shop is in it. */
  currency: string;
  /** What one customer may do; absent fields take the defaults below. */
  limits?: Partial<TenantLimits>;
}

/**
 * Caps that keep one customer or guest from holding a shop's stock or mailbox hostage. Over a
 * cap the caller gets 400 (a line or an order too large), 409 (too much held, too many payment
 * attempts) or 429 (too many actions, with `retryAfterSeconds`), each naming the limit.
 *
 * A guest is known by the address they call from (the client): many honest shoppers can share
 * one (an office, a mobile carrier's NAT; locally every client is 127.0.0.1), so the per-client
 * defaults are high, and lower for a small shop.
 */
export interface TenantLimits {
  /** Units of one line of an order. */
  maxLineQuantity: number;
  /** Units of all lines of an order together. */
  maxOrderUnits: number;
  /** Units of one SKU a customer may hold at once in orders not yet shipped or cancelled. */
  maxHeldUnitsPerSku: number;
  /**
   * Orders placed and cancels made by one customer per hour (each of them sends mail); a guest's
   * orders count the same per normalized email (`normalizeMailbox`).
   */
  customerActionsPerHour: number;
  /** Changes of one cart per clock minute: every change is a version, kept as long as the cart. */
  cartChangesPerMinute: number;
  /** Carts guests of one client create per minute. */
  guestCartsPerClientPerMinute: number;
  /** Carts guests of one client complete per minute. */
  guestCheckoutsPerClientPerMinute: number;
  /** Payments guests of one client start per minute (each is a call to the payment provider). */
  guestPaymentsPerClientPerMinute: number;
  /** Guest carts, completions and payment starts through one publishable key per minute: a ceiling for the whole shop, whose shoppers all share the key. */
  guestActionsPerKeyPerMinute: number;
  /** Units of one SKU the guests of one client may hold at once in open orders, whatever emails they give. */
  guestHeldUnitsPerSkuPerClient: number;
  /** Mails to one address nobody verified (a guest's) per hour; past it they are recorded `skipped`, not sent. */
  mailsPerRecipientPerHour: number;
  /** Payments one order may have (each attempt is a call to the payment provider). */
  maxPaymentAttemptsPerOrder: number;
}

export const DEFAULT_TAX_RATE_BPS = 1000;

export const DEFAULT_TENANT_LIMITS: Readonly<TenantLimits> = {
  maxLineQuantity: 100,
  maxOrderUnits: 500,
  maxHeldUnitsPerSku: 200,
  customerActionsPerHour: 60,
  cartChangesPerMinute: 60,
  guestCartsPerClientPerMinute: 300,
  guestCheckoutsPerClientPerMinute: 300,
  guestPaymentsPerClientPerMinute: 120,
  guestActionsPerKeyPerMinute: 6000,
  guestHeldUnitsPerSkuPerClient: 400,
  mailsPerRecipientPerHour: 30,
  maxPaymentAttemptsPerOrder: 10,
};

export function tenantLimits(tenant: Pick<TenantAttributes, 'limits'> | undefined): TenantLimits {
  return { ...DEFAULT_TENANT_LIMITS, ...(tenant?.limits ?? {}) };
}
