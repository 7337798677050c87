import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { config } from '../config';
import { clientAddressOf } from '../core/client-address';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import { Role, SYSTEM_TENANT, TenantContext } from '../core/tenant-context';
import { GuestKeys, OrderTokens, TenantStatus } from './caller-directory';
import { ORDER_TOKEN_HEADER, PUBLIC_ROUTE, PUBLISHABLE_KEY_HEADER, REQUIRED_ROLES, RequestWithTenant } from './auth.decorators';
import { TokenVerifier } from './token-verifier';

/** One answer for every refused key, so a caller cannot tell malformed, unknown, revoked or disabled apart. */
const INVALID_KEY = 'invalid publishable key';

/**
 * Every route is authenticated unless marked @Public. A bearer JWT is verified, its tenant must
 * be known and enabled, and the route's roles checked. Without an Authorization header, an
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithTenant>();
    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [];

    // A token decides whenever one is sent: a key beside it is ignored.
    const key = request.headers[PUBLISHABLE_KEY_HEADER];
    request.tenantContext =
      request.headers.authorization === undefined && key !== undefined
        ? await this.guestOf(request, key, required)
        : await this.tokenHolderOf(request, required);
    return true;
  }

  private async tokenHolderOf(request: Request, required: Role[]): Promise<TenantContext> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedError('missing bearer token');
    const caller = await this.verifier.verify(token);

    if (caller.tenantCode !== SYSTEM_TENANT && !(await this.tenants.isActive(caller.tenantCode))) {
      throw new ForbiddenError('this tenant is unknown or disabled');
    }
    if (required.length > 0 && !required.some((role) => caller.roles.includes(role))) {
      throw new ForbiddenError(`this route needs the role ${required.join(' or ')}`);
    }
    return {
      tenantCode: caller.tenantCode,
      userId: caller.userId,
      roles: caller.roles,
      ...(caller.email ? { email: caller.email } : {}),
      requestId: requestIdOf(request),
      source: sourceOf(request),
      client: clientAddressOf(request, config().behindCloudFront),
    };
  }

  /**
   * The key is checked on every request (one strongly consistent GetItem, no cache), so a
   * revoked key is refused on the next request. A route is open to guests only when it says so.
   */
  private async guestOf(request: Request, key: string | string[], required: Role[]): Promise<TenantContext> {
    const requestId = requestIdOf(request);
    const holder = typeof key === 'string' ? await this.publishableKeys.authenticate(key, requestId) : undefined;
    if (!holder) throw new UnauthorizedError(INVALID_KEY);
    if (!required.includes('guest')) throw new ForbiddenError('this route is not open to guests: sign in');
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

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `x-request-id` when it is a short plain id; anything else gets a fresh one. */
function requestIdOf(request: Request): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : ulid();
}

function sourceOf(request: Request): string {
  return `http:${request.method} ${request.route?.path ?? request.path}`;
}
