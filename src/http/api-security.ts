import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';

/** The OpenAPI security scheme of `x-publishable-key` (docs.ts registers it). */
export const PUBLISHABLE_KEY_SCHEME = 'publishable-key';
/** The OpenAPI security scheme of `x-cart-token`: the cart routes name it. */
export const CART_TOKEN_SCHEME = 'cart-token';
/** The OpenAPI security scheme of `x-order-token`: the routes a guest may call on its order name it. */
export const ORDER_TOKEN_SCHEME = 'order-token';

/**
 * A route guests may call: either a bearer token, or (without one) the shop's publishable key.
 * `@Roles(..., 'guest')` applies it, so the document says exactly what the guard does.
 */
export function ApiGuestAccess(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiSecurity(PUBLISHABLE_KEY_SCHEME));
}

/**
 * A route on one guest cart: a bearer token (a customer's own cart), or the shop's publishable
 * key together with the cart's token. Put it next to `@Roles(..., 'guest')`.
 */
export function ApiGuestCart(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiSecurity({ [PUBLISHABLE_KEY_SCHEME]: [], [CART_TOKEN_SCHEME]: [] }));
}

/**
 * A route on one order a guest may call: a bearer token, or the shop's publishable key together
 * with the order's token from checkout. Put it next to `@Roles(..., 'guest')`.
 */
export function ApiGuestOrder(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiSecurity({ [PUBLISHABLE_KEY_SCHEME]: [], [ORDER_TOKEN_SCHEME]: [] }));
}
