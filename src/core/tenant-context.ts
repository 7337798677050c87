/**
 * Roles a verified token can carry. Staff: `owner` (everything, and the staff), `tenant-admin`
 * (everything but the staff; the name tokens and `npm run token` have always used),
 * `fulfilment`, `support`. What each may do is in src/auth/permissions (issue 20).
 */
export const ROLES = ['system-admin', 'owner', 'tenant-admin', 'fulfilment', 'support', 'customer'] as const;
/**
 * `guest`: an anonymous visitor of a shop, known by the shop's publishable key, never by a
 * token (no token can carry this role).
 */
export type TokenRole = (typeof ROLES)[number];
export type Role = TokenRole | 'guest';

/**
 * Who acts, for which tenant, and why. The first parameter of every service and handler
 * method. The HTTP layer builds it from a verified JWT; the stream path rebuilds it from the
 * command record. Keys are built from `tenantCode` and nothing else.
 */
export interface TenantContext {
  readonly tenantCode: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  /** From the token, when it carries one: where the customer's mails go. */
  readonly email?: string;
  readonly requestId: string;
  /** HTTP requests: the caller's network address as a key part (`clientAddressOf`), what guests are limited by. */
  readonly client?: string;
  /** A guest's publishable key (its id): the shop-wide ceiling of guest actions counts per key. */
  readonly publishableKeyId?: string;
  /**
   * A guest with an order token (`x-order-token`): the one order code it opens. The order
   * service lets such a guest read that order and ask for its return, and nothing else.
   */
  readonly orderAccess?: string;
  /** Where the change came from: `http:POST /products`, `stream:ORDER`, `script:start`. */
  readonly source: string;
}

/** The reserved tenant under which the system admin keeps the tenant registry. */
export const SYSTEM_TENANT = 'system';

export function hasRole(ctx: TenantContext, role: Role): boolean {
  return ctx.roles.includes(role);
}

/** A shop's staff, whatever their permissions: they see a shop's own view (hidden products, every order). */
export const STAFF_ROLES: readonly TokenRole[] = ['owner', 'tenant-admin', 'fulfilment', 'support'];

/**
 * The caller acts for the shop (staff, or the platform itself), not as a shopper. What a staff
 * member may do is the guard's business (src/auth/permissions.ts); services only ask which view.
 */
export function isStaff(ctx: TenantContext): boolean {
  return STAFF_ROLES.some((role) => ctx.roles.includes(role));
}

/** A context for work done by the platform itself (stream handlers, sweepers, scripts). */
export function systemActorContext(tenantCode: string, source: string, requestId: string): TenantContext {
  return { tenantCode, userId: 'shopstream', roles: ['tenant-admin'], requestId, source };
}

/** A request the AuthGuard has authenticated carries its caller here (the HTTP interceptors read it too, so it lives below both). */
export interface RequestWithTenant {
  tenantContext?: TenantContext;
}
