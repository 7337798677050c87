/**
 * The storefront settings a tenant admin keeps (`/settings`): one versioned entity per tenant.
 * Absent fields take the defaults below; `shopSettings()` merges them.
 */
export interface ShopSettings {
  /** ISO 3166-1 alpha-2 country of the shop: VAT reverse charge is decided against it. */
  country: string;
  pricesIncludeTax: boolean;
  shippingTaxable: boolean;
  shippingTaxClass: string;
  /** How long checkout holds stock and coupon redemptions while the order awaits payment. */
  holdSeconds: number;
  /** A cart untouched this long becomes `abandoned`. */
  cartIdleSeconds: number;
  /** Whether one reminder mail goes to the email of an abandoned cart. */
  abandonedCartReminders: boolean;
  /** Payment methods settled outside shopstream: orders are `confirmed` once stock is held. */
  offlinePaymentMethods: string[];
  /** Payment methods paid online: orders wait in `awaiting_payment`. */
  onlinePaymentMethods: string[];
  /** Lines one cart may have. */
  maxCartLines: number;
  /** The provider online payments go through (`test`, `stripe`); absent: the deployment's default. */
  paymentProvider?: PaymentProviderName;
  /**
   * When the money is taken: `shipment` (each shipment captures its lines; the default) or
   * `confirmation` (all of it once the stock is held, for shops that ship at once).
   */
  captureOn: 'shipment' | 'confirmation';
  /** How many days after delivery a customer may ask to return lines (0: no returns). */
  returnWindowDays: number;
}

export const PAYMENT_PROVIDER_NAMES = ['test', 'stripe'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDER_NAMES)[number];

export const DEFAULT_SHOP_SETTINGS: Readonly<ShopSettings> = {
  country: 'US',
  pricesIncludeTax: false,
  shippingTaxable: false,
  shippingTaxClass: 'standard',
  holdSeconds: 900,
  cartIdleSeconds: 86_400,
  abandonedCartReminders: false,
  offlinePaymentMethods: ['manual', 'cash_on_delivery'],
  onlinePaymentMethods: ['card'],
  maxCartLines: 50,
  captureOn: 'shipment',
  returnWindowDays: 30,
};

export function shopSettings(stored: Partial<ShopSettings> | undefined): ShopSettings {
  return { ...DEFAULT_SHOP_SETTINGS, ...(stored ?? {}) };
}

/** Entity type and code of the settings entity (one per tenant). */
export const SETTINGS_ENTITY = 'SETTINGS';
export const SETTINGS_CODE = 'shop';
