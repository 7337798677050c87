import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role, TenantContext } from '../core/tenant-context';

export const PUBLIC_ROUTE = 'shopstream:public';
export const REQUIRED_ROLES = 'shopstream:roles';

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller needs one of these roles; routes without it accept any verified role. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export interface RequestWithTenant {
  tenantContext?: TenantContext;
}

/** The verified caller's tenant context, set by AuthGuard. */
export const Tenant = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantContext => {
  const request = ctx.switchToHttp().getRequest<RequestWithTenant>();
  if (!request.tenantContext) throw new Error('Tenant() used on a route AuthGuard did not authenticate');
  return request.tenantContext;
});

/**
 * The guest cart's token from `x-cart-token` (never from the URL, where logs and referrers
 * would keep it), or undefined. The cart context checks it against the cart.
 */
export const CartToken = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['x-cart-token'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
});
