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
 * Caps that keep one customer from holding a shop's stock or mailbox hostage. Over a cap the
 * caller gets 400 (a line or an order too large), 409 (too much held) or 429 (too many actions),
 * each naming the limit.
 */
export interface TenantLimits {
  /** Units of one line of an order. */
  maxLineQuantity: number;
  /** Units of all lines of an order together. */
  maxOrderUnits: number;
  /** Units of one SKU a customer may hold at once in orders not yet shipped or cancelled. */
  maxHeldUnitsPerSku: number;
  /** Orders placed and cancels made by one customer per hour (each of them sends mail). */
  customerActionsPerHour: number;
  /** Changes of one cart per clock minute: every change is a version, kept as long as the cart. */
  cartChangesPerMinute: number;
}

export const DEFAULT_TAX_RATE_BPS = 1000;

export const DEFAULT_TENANT_LIMITS: Readonly<TenantLimits> = {
  maxLineQuantity: 100,
  maxOrderUnits: 500,
  maxHeldUnitsPerSku: 200,
  customerActionsPerHour: 60,
  cartChangesPerMinute: 60,
};

export function tenantLimits(tenant: Pick<TenantAttributes, 'limits'> | undefined): TenantLimits {
  return { ...DEFAULT_TENANT_LIMITS, ...(tenant?.limits ?? {}) };
}
