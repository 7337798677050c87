/**
 * What browsers and the API's edge need to know about storefront calls, shared by the Nest app
 * (create-app.ts) and the CDK HTTP API (infra/shopstream-stack.ts). No imports: infra loads it.
 */

/** Request headers a browser storefront may send cross-origin. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-publishable-key', 'x-cart-token', 'x-order-token', 'x-request-id'] as const;

/** Response headers a browser storefront may read. */
export const CORS_EXPOSED_HEADERS = ['idempotent-replayed'] as const;

export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** How long a browser may keep a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Routes guests may call (`@Roles(..., 'guest')`), as OpenAPI method and path. In AWS the HTTP
 * API's JWT authorizer would refuse a request without a token, so these routes skip it at the
 * edge; the API's guard still checks the token or the publishable key on each of them.
 * test/api/guest-access.spec.ts fails when this list and the routes' roles disagree.
 */
export const GUEST_ROUTES = [
  'GET /products',
  'GET /products/{code}',
  'GET /categories',
  'GET /categories/{code}',
  'GET /categories/{code}/products',
  'POST /carts',
  'GET /carts/{id}',
  'GET /carts/{id}/history',
  'POST /carts/{id}/lines',
  'PATCH /carts/{id}/lines/{lineId}',
  'DELETE /carts/{id}/lines/{lineId}',
  'PUT /carts/{id}/email',
  'PUT /carts/{id}/addresses',
  'GET /carts/{id}/shipping-options',
  'PUT /carts/{id}/shipping-method',
  'POST /carts/{id}/coupons',
  'DELETE /carts/{id}/coupons/{code}',
  'POST /carts/{id}/reprice',
  'POST /carts/{id}/complete',
  'GET /carts/{id}/order',
  'POST /carts/{id}/payments',
  'GET /carts/{id}/payments',
  'POST /carts/{id}/payments/{code}/refresh',
  'GET /orders/{code}',
  'GET /orders/{code}/history',
  'POST /orders/{code}/payments',
  'GET /orders/{code}/payments',
  'POST /orders/{code}/returns',
  'GET /orders/{code}/returns',
  'GET /search/products',
  'GET /search/suggestions',
  'GET /products/{code}/reviews',
] as const;
