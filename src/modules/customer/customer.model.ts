import type { Address } from '../order';

/** An address book holds at most this many addresses (a POST past it is a 400 naming `addresses`). */
export const MAX_ADDRESSES = 20;

export const CUSTOMER_STATUSES = ['active', 'disabled'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** Where a customer gave or withdrew marketing consent. */
export const CONSENT_SOURCES = ['account', 'checkout', 'newsletter'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface MarketingConsent {
  granted: boolean;
  /** When the customer last said so (server time). */
  at: string;
  source: ConsentSource;
}

/** An address of the book: the order context's address with an id that stays while it is edited. */
export type BookAddress = Address & { id: string };

export interface CustomerAttributes {
  /** The token's `sub`. */
  customerId: string;
  name?: string;
  email?: string;
  /** True only when the email came from the token's verified claim. */
  emailVerified: boolean;
  phone?: string;
  addresses: BookAddress[];
  defaultShippingId?: string;
  defaultBillingId?: string;
  marketingConsent?: MarketingConsent;
  /** Staff only: never shown to or written by the customer. */
  notes?: string;
  /** Staff's; copied to the person's ACCOUNT (what the guard reads), when they have one. */
  status: CustomerStatus;
}
