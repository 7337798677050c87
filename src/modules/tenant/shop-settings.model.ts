/**
 * The storefront settings a tenant admin keeps (`/settings`): one versioned entity per tenant.
 * Absent fields take the defaults below; `shopSettings()` merges them.
 */
export interface ShopSettings {
  /** ISO 3166-1 alpha-2 country of the shop: VAT reverse charge is decided against it. */
  country: string;
  /**
   * IANA time zone the admin shows the shop's dates in (absent: the deployment's, else the
   * browser's). Display only: nothing the API decides depends on it. The shop's currency stays on
   * the tenant record (the system admin's): every price and cart is in it.
   */
  timeZone?: string;
  pricesIncludeTax: boolean;
  shippingTaxable: boolean;
  shippingTaxClass: string;
  /** How long checkout holds stock and coupon redemptions while the order awaits payment. */
  holdSeconds: number;
  /** A cart untouched this long becomes `abandoned`. */
  cartIdleSeconds: number;
  /** Whether one reminder mail goes to the email of an abandoned cart. */
  abandonedCartReminders: boolean;
  /**
   * Payment methods settled outside shopstream: a name (its kind is the default one,
   * `offlinePaymentKind`) or `{method, kind}`. `on_delivery`: `confirmed` once stock is held;
   * `before_shipping`: `awaiting_payment` until staff record the payment, at most
   * `offlinePaymentHoldHours`.
   */
  offlinePaymentMethods: OfflinePaymentMethod[];
  /** How long an order paid offline before shipping (bank transfer) holds stock and coupons. */
  offlinePaymentHoldHours: number;
  /** Payment methods paid online: orders wait in `awaiting_payment`. */
  onlinePaymentMethods: string[];
  /** Lines one cart may have. */
  maxCartLines: number;
  /** The provider online payments go through (`test`, `stripe`); absent: the deployment's default. */
  paymentProvider?: PaymentProviderName;
  /** The shop's Stripe publishable key (`pk_...`, public by design): the storefront's Payment Element needs it. */
  stripePublishableKey?: string;
  /**
   * When the money is taken: `shipment` (each shipment captures its lines; the default) or
   * `confirmation` (all of it once the stock is held, for shops that ship at once).
   */
  captureOn: 'shipment' | 'confirmation';
  /** How many days after delivery a customer may ask to return lines (0: no returns). */
  returnWindowDays: number;
  /** Images one product (or category) may have: the media function refuses the one past it. */
  maxImagesPerProduct: number;
  /** Bytes of renditions the shop may keep, counted by a conditional counter the media function moves. */
  maxMediaBytes: number;
  /** The largest CSV file a bulk import takes (bytes). */
  maxImportFileBytes: number;
  /** The shop's storefront (absent: none set up): shop-domains.ts keeps each domain to one shop. */
  storefront?: StorefrontSettings;
}

/** The hosts a shop's storefront answers on, and the publishable key it calls the API with. */
export interface StorefrontSettings {
  /** Lower-case hostnames; each belongs to at most one shop. */
  domains: string[];
  /** One of the shop's publishable keys; the storefront is enabled once it is set. */
  publishableKey?: string;
}

/** When an offline method's money comes: before the goods ship (bank transfer), or on delivery (cash). */
export const OFFLINE_PAYMENT_KINDS = ['before_shipping', 'on_delivery'] as const;
export type OfflinePaymentKind = (typeof OFFLINE_PAYMENT_KINDS)[number];
/** `name` and `instructions` are what shoppers read at checkout and on the order (bank details, say). */
export type OfflinePaymentMethod = string | { method: string; kind: OfflinePaymentKind; name?: string; instructions?: string };

/**
 * The kind of a method given by name only. A bank transfer is paid before shipping; every other
 * name (`manual`, `cash_on_delivery`, a shop's own) keeps what offline methods always did:
 * confirmed at once, settled on delivery or by hand.
 */
const DEFAULT_OFFLINE_KINDS: Readonly<Record<string, OfflinePaymentKind>> = { bank_transfer: 'before_shipping' };

export const offlineMethodName = (entry: OfflinePaymentMethod): string => (typeof entry === 'string' ? entry : entry.method);

/** The kind of an offline method of the shop, or nothing when the shop has no such offline method. */
export function offlinePaymentKind(settings: Pick<ShopSettings, 'offlinePaymentMethods'>, method: string): OfflinePaymentKind | undefined {
  const entry = settings.offlinePaymentMethods.find((m) => offlineMethodName(m) === method);
  if (entry === undefined) return undefined;
  return typeof entry === 'string' ? (DEFAULT_OFFLINE_KINDS[entry] ?? 'on_delivery') : entry.kind;
}

/** An offline method as shoppers see it: its name (written, or the code in words) and the instructions the shop wrote. */
export function offlineMethodForShoppers(settings: Pick<ShopSettings, 'offlinePaymentMethods'>, entry: OfflinePaymentMethod) {
  const code = offlineMethodName(entry);
  const words = code.replace(/_/g, ' ');
  const written: { name?: string; instructions?: string } = typeof entry === 'string' ? {} : entry;
  return {
    code,
    name: written.name ?? `${words.charAt(0).toUpperCase()}${words.slice(1)}`,
    kind: offlinePaymentKind(settings, code)!,
    ...(written.instructions !== undefined ? { instructions: written.instructions } : {}),
  };
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
  offlinePaymentHoldHours: 72,
  onlinePaymentMethods: ['card'],
  maxCartLines: 50,
  captureOn: 'shipment',
  returnWindowDays: 30,
  maxImagesPerProduct: 50,
  maxMediaBytes: 1_073_741_824,
  maxImportFileBytes: 20 * 1024 * 1024,
};

export function shopSettings(stored: Partial<ShopSettings> | undefined): ShopSettings {
  return { ...DEFAULT_SHOP_SETTINGS, ...(stored ?? {}) };
}

/** Entity type and code of the settings entity (one per tenant). */
export const SETTINGS_ENTITY = 'SETTINGS';
export const SETTINGS_CODE = 'shop';
