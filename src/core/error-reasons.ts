/**
 * The one list of `reason` codes an error response may carry (`details.reason` of a
 * ShopstreamError), each with what it means. Clients switch on these strings: never rename one;
 * add a new one here (with its meaning) before any error sends it. The OpenAPI error schema
 * (`src/http/api-errors.ts`, `ErrorResponse.reason`) declares exactly this list as its enum.
 */
export const ERROR_REASON_MEANINGS = {
  prices_changed: '409 POST /carts/{id}/complete: a unit price changed since the version reviewed (`lines`, `reviewedTotal`, `currentTotal`); reprice and review again',
  coupon_unavailable: '409 POST /carts/{id}/complete: a coupon can no longer be used (`coupons` says which and why); nothing held, nothing redeemed',
  no_shipping_method: "409 GET /carts/{id}/shipping-options: no shipping method serves the cart's address, or it has none (the message says why, for people)",
  return_window_closed: "409 POST /orders/{code}/returns: asked after the shop's `returnWindowDays` since delivery",
  no_payment_provider: "409 POST /carts/{id}/payments: the shop's payment provider is not offered by this deployment or has no credentials for the shop",
  payment_attempts_exhausted: '409 POST /carts/{id}/payments: the order had `maxPaymentAttemptsPerOrder` payments already (`limit`)',
  payment_starting: "409 POST /carts/{id}/payments: another start of this order's payment is under way; try again in a moment",
  paid_offline: '409 POST /carts/{id}/payments: the order is paid by an offline method, outside shopstream',
  not_offline_prepaid: '409 POST /orders/{code}/offline-payment: the order is not paid offline before shipping: nothing to record',
  media_limit: '409 POST /products/{code}/media, /categories/{code}/media: the owner has `maxImagesPerProduct` images, or the shop `maxMediaBytes` bytes of them (`limit` names the setting); the media function re-checks both when it publishes',
  invalid_code: "400 POST /auth/verify-email, /auth/reset-password, /auth/accept-invitation: the code is wrong, expired, used up by 5 wrong tries, or the address has none (one answer for all, and for an unknown address)",
  invalid_credentials: '401 POST /auth/sign-in, /auth/refresh: unknown address, wrong password or refresh token, address not verified, account disabled, or a customer at the admin client (one answer for all)',
  import_running: "409 POST /imports: the shop's previous import is not finished (`jobId` names it): one import at a time; cancel it or wait",
  import_not_uploaded: '409 POST /imports/{id}/start: nothing was uploaded with the form of POST /imports yet',
  mfa_required: '401 POST /auth/sign-in: the password is right and the account has TOTP enrolled: send `mfaCode`, a fresh code of the authenticator app (missing, wrong or used already)',
  mfa_enrolment_required: '403 POST /auth/sign-in: the password is right, but staff must have TOTP (`STAFF_MFA_REQUIRED`, on in AWS) and this person has none: no tokens; `enrolmentToken` (good `enrolmentExpiresIn` seconds) opens POST /auth/mfa-enrolment and /auth/mfa-enrolment/confirm, then sign in with `mfaCode`',
  provider_failed: '502: the payment provider refused or failed the call; nothing was changed, try again',
  email_not_verified: '403 POST /me/claim-guest-orders: your token carries no verified email, so no guest order can be proven yours',
  account_disabled: "403 any route: the caller's account in the shop is disabled or its invitation not yet accepted, whatever token it holds",
  missing_permission: "403 staff routes: the caller's roles lack the route's permission (`permission` names it; README \"Staff roles and permissions\")",
  role_not_allowed: '403: the route is for other callers (the message names the roles and the permission, if any, that open it)',
  domain_taken: '409 PATCH /settings: a `storefront.domains` entry belongs to another shop (`domain` names it); a host serves one shop',
  unknown_host: '404 GET /storefront/config: no shop has this host among its storefront domains, or no shop by that code has its storefront enabled (a publishable key set)',
  email_taken: '409 POST /me/email/confirm: the new address became the sign-in of another account of the shop since the code was sent; nothing changed',
  last_owner: "409 PATCH /staff/{id}: the change would leave the shop without an active owner; make another owner first",
} as const;

export type ErrorReason = keyof typeof ERROR_REASON_MEANINGS;

export const ERROR_REASONS = Object.keys(ERROR_REASON_MEANINGS) as ErrorReason[];
