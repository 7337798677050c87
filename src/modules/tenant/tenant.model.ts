export interface TenantAttributes {
  enabled: boolean;
  contactEmail?: string;
  /** Sales tax in basis points (1000 = 10%), applied per order, rounded half up. */
  taxRateBps: number;
  currency: string;
}

export const DEFAULT_TAX_RATE_BPS = 1000;
