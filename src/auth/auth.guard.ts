import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import { Role, SYSTEM_TENANT } from '../core/tenant-context';
import { PublishableKeys, tenantOfPublishableKey } from '../modules/tenant/publishable-key.service';
import { TenantDirectory } from '../modules/tenant/tenant.directory';
import { PUBLIC_ROUTE, REQUIRED_ROLES, RequestWithTenant } from './auth.decorators';
import { TokenVerifier } from './token-verifier';

/**
 * Every route is authenticated unless marked @Public: verify the bearer JWT, refuse unknown or
 * disabled tenants, check the route's roles, then pin the tenant context on the request. The
 * tenant comes from the token and nowhere else.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly tenants: TenantDirectory,
    private readonly publishableKeys: PublishableKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & RequestWithTenant>();
    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [];
    const publishableKey = request.headers['x-publishable-key'];
    // A bearer token decides who calls; a publishable key alone makes a guest of its shop.
    if (request.headers.authorization === undefined && publishableKey !== undefined) return this.admitGuest(request, publishableKey, required);
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedError('missing bearer token');
    const caller = await this.verifier.verify(token);

    if (caller.tenantCode !== SYSTEM_TENANT && !(await this.tenants.isActive(caller.tenantCode))) {
      throw new ForbiddenError('this tenant is unknown or disabled');
    }
    if (required.length > 0 && !required.some((role) => caller.roles.includes(role))) {
      throw new ForbiddenError(`this route needs the role ${required.join(' or ')}`);
    }
    request.tenantContext = {
      tenantCode: caller.tenantCode,
      userId: caller.userId,
      roles: caller.roles,
      ...(caller.email ? { email: caller.email } : {}),
      requestId: requestIdOf(request),
      source: `http:${request.method} ${request.route?.path ?? request.path}`,
    };
    return true;
  }

  /**
   * A storefront visitor: the key must be well formed, one of its shop's and not revoked (one
   * strongly consistent read, so a revoke bites on the next request), and the shop active. A
   * guest may call only routes whose roles name `guest`. Every bad key gets the same 401.
   */
  private async admitGuest(request: Request & RequestWithTenant, key: unknown, required: readonly Role[]): Promise<boolean> {
    const tenantCode = typeof key === 'string' ? tenantOfPublishableKey(key) : undefined;
    if (!tenantCode || !(await this.publishableKeys.isValid({ tenantCode }, key as string))) throw new UnauthorizedError('invalid publishable key');
    if (!(await this.tenants.isActive(tenantCode))) throw new ForbiddenError('this tenant is unknown or disabled');
    if (!required.includes('guest')) throw new ForbiddenError('this route needs a bearer token');
    request.tenantContext = {
      tenantCode,
      userId: 'guest',
      roles: ['guest'],
      requestId: requestIdOf(request),
      source: `http:${request.method} ${request.route?.path ?? request.path}`,
    };
    return true;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `x-request-id` when it is a short plain id; anything else gets a fresh one. */
function requestIdOf(request: Request): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : ulid();
}
