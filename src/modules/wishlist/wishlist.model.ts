/** Entity type of a customer's wishlist; its code is the customer's key part. */
export const WISHLIST_ENTITY = 'WISHLIST';
export const MAX_WISHES = 100;

export interface Wish {
  sku: string;
  /** Mail the customer when the SKU is back in stock. */
  notify: boolean;
  addedAt: string;
}

export interface WishlistAttributes {
  customerId: string;
  /** The customer's verified email when they last changed the list: where back-in-stock mails go. */
  email?: string;
  items: Wish[];
}
