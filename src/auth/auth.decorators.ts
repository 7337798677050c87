import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { RequestWithTenant, Role, TenantContext } from '../core/tenant-context';
import { ApiGuestAccess } from '../http/api-security';

export const PUBLIC_ROUTE = 'shopstream:public';
export const REQUIRED_ROLES = 'shopstream:roles';

/** The header a guest sends the shop's publishable key in. */
export const PUBLISHABLE_KEY_HEADER = 'x-publishable-key';
/** The header a guest sends its cart's token in (never in a URL: URLs end up in logs). */
export const CART_TOKEN_HEADER = 'x-cart-token';

/** The header a guest sends its order's token in (from checkout or the mail link's fragment; never in a URL). */
export const ORDER_TOKEN_HEADER = 'x-order-token';

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The caller needs one of these roles (customers and guests; staff routes name a permission
 * instead, with `@Allow` of src/auth/permissions.ts, and may list these beside it). Listing
 * 'guest' also documents the publishable key on the route (ApiGuestAccess); the list is in the
 * operation as `x-roles`.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension('x-roles', roles), ...(roles.includes('guest') ? [ApiGuestAccess()] : []));

export type { RequestWithTenant };

/** The verified caller's tenant context, set by AuthGuard. */
export const Tenant = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantContext => {
  const request = ctx.switchToHttp().getRequest<RequestWithTenant>();
  if (!request.tenantContext) throw new Error('Tenant() used on a route AuthGuard did not authenticate');
  return request.tenantContext;
});

/**
 * The `x-cart-token` header as sent, or undefined when there is none. Nothing is checked here:
 * the cart module compares it with the hash the cart keeps.
 */
export const CartToken = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<Request>().headers[CART_TOKEN_HEADER];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
});
