import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { config } from '../config';
import { clientAddressOf } from '../core/client-address';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import { Role, SYSTEM_TENANT, TenantContext, TokenRole } from '../core/tenant-context';
import { AccountStandings, GuestKeys, OrderTokens, TenantStatus } from './caller-directory';
import { ORDER_TOKEN_HEADER, PUBLIC_ROUTE, PUBLISHABLE_KEY_HEADER, REQUIRED_ROLES, RequestWithTenant } from './auth.decorators';
import { holds, MissingPermissionError, Permission, REQUIRED_PERMISSION } from './permissions';
import { TokenVerifier } from './token-verifier';

/** One answer for every refused key, so a caller cannot tell malformed, unknown, revoked or disabled apart. */
const INVALID_KEY = 'invalid publishable key';

/** What a route lets in: a permission (staff, src/auth/permissions.ts) and/or roles (customers, guests). */
interface RouteAccess {
  permission?: Permission;
  roles: Role[];
}

/**
 * Every route is authenticated unless marked @Public. A bearer JWT is verified, its tenant must
 * be known and enabled, the caller's account standing read (a disabled account is refused; the
 * account's roles replace the token's), and the route's permission or roles checked. Without an Authorization header, an
 * `x-publishable-key` makes the caller a guest of the key's tenant, on routes whose @Roles
 * list 'guest' and no others. Then the tenant context is pinned on the request: the tenant
 * comes from the token or the key and nowhere else.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly tenants: TenantStatus,
    private readonly publishableKeys: GuestKeys,
    private readonly orderTokens: OrderTokens,
    private readonly accounts: AccountStandings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithTenant>();
    const access: RouteAccess = {
      permission: this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets),
      roles: this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [],
    };

    // A token decides whenever one is sent: a key beside it is ignored.
    const key = request.headers[PUBLISHABLE_KEY_HEADER];
    request.tenantContext =
      request.headers.authorization === undefined && key !== undefined
        ? await this.guestOf(request, key, access.roles)
        : await this.tokenHolderOf(request, access);
    return true;
  }

  private async tokenHolderOf(request: Request, access: RouteAccess): Promise<TenantContext> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedError('missing bearer token');
    const caller = await this.verifier.verify(token);

    if (caller.tenantCode !== SYSTEM_TENANT && !(await this.tenants.isActive(caller.tenantCode))) {
      throw new ForbiddenError('this tenant is unknown or disabled');
    }
    const ctx: TenantContext = {
      tenantCode: caller.tenantCode,
      userId: caller.userId,
      roles: caller.roles,
      ...(caller.email ? { email: caller.email } : {}),
      requestId: requestIdOf(request),
      source: sourceOf(request),
      client: clientAddressOf(request, config().behindCloudFront),
    };
    const now = { ...ctx, roles: await this.rolesNow(ctx) };
    admit(now.roles, access);
    return now;
  }

  /**
   * The account's roles, not the token's groups (tokens live up to an hour): one strongly
   * consistent read per request. A subject without an account (`npm run token`) keeps its claims.
   */
  private async rolesNow(ctx: TenantContext): Promise<readonly Role[]> {
    const standing = await this.accounts.standingOf(ctx, ctx.userId);
    if (!standing) return ctx.roles;
    if (standing.status !== 'active') throw new ForbiddenError(`this account is ${standing.status} in this shop`, { reason: 'account_disabled' });
    // As the verifier does for groups: system-admin only in the system tenant, and only there.
    return standing.roles.filter((role: TokenRole) => (role === 'system-admin') === (ctx.tenantCode === SYSTEM_TENANT));
  }

  /**
   * The key is checked on every request (one strongly consistent GetItem, no cache), so a
   * revoked key is refused on the next request. A route is open to guests only when it says so.
   */
  private async guestOf(request: Request, key: string | string[], required: Role[]): Promise<TenantContext> {
    const requestId = requestIdOf(request);
    const holder = typeof key === 'string' ? await this.publishableKeys.authenticate(key, requestId) : undefined;
    if (!holder) throw new UnauthorizedError(INVALID_KEY);
    if (!required.includes('guest')) throw new ForbiddenError('this route is not open to guests: sign in', { reason: 'role_not_allowed' });
    const guest: TenantContext = {
      tenantCode: holder.tenantCode,
      userId: 'guest',
      roles: ['guest'],
      requestId,
      source: sourceOf(request),
      client: clientAddressOf(request, config().behindCloudFront),
      publishableKeyId: holder.keyId,
    };
    const orderAccess = await this.orderOf(request, guest);
    return orderAccess ? { ...guest, orderAccess } : guest;
  }

  /** A guest's order token, when sent: the one order it opens (the order service enforces that). */
  private async orderOf(request: Request, guest: TenantContext): Promise<string | undefined> {
    const token = request.headers[ORDER_TOKEN_HEADER];
    if (token === undefined) return undefined;
    const code = await this.orderTokens.orderOf(guest, typeof token === 'string' ? token : '');
    if (!code) throw new UnauthorizedError('invalid order token (x-order-token): use the token from checkout or the order mail');
    return code;
  }
}

/** A route without a permission or roles takes any token; otherwise one of its roles, or its permission. */
function admit(roles: readonly Role[], { permission, roles: listed }: RouteAccess): void {
  if (!permission && listed.length === 0) return;
  if (listed.some((role) => roles.includes(role))) return;
  if (permission) {
    if (holds(roles, permission)) return;
    throw new MissingPermissionError(permission);
  }
  throw new ForbiddenError(`this route needs the role ${listed.join(' or ')}`, { reason: 'role_not_allowed' });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `x-request-id` when it is a short plain id; anything else gets a fresh one. */
function requestIdOf(request: Request): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : ulid();
}

function sourceOf(request: Request): string {
  return `http:${request.method} ${request.route?.path ?? request.path}`;
}
