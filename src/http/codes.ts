/**
 * The one shape of an admin-chosen code (product, SKU, category, tax rate, shipping method,
 * coupon...): shared by every context's DTOs, so it lives with the HTTP primitives.
 */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const CODE_MESSAGE = 'must be 1-64 letters, digits, dots, dashes or underscores';

/** A coupon code as shoppers type it (case does not matter): on a cart, and on `POST /orders`. */
export const COUPON_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$/;
export const COUPON_CODE_MESSAGE = 'must be 3-32 letters, digits, dashes or underscores';
