import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import { Role, SYSTEM_TENANT } from '../core/tenant-context';
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & RequestWithTenant>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedError('missing bearer token');
    const caller = await this.verifier.verify(token);

    if (caller.tenantCode !== SYSTEM_TENANT && !(await this.tenants.isActive(caller.tenantCode))) {
      throw new ForbiddenError('this tenant is unknown or disabled');
    }
    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [];
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
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `x-request-id` when it is a short plain id; anything else gets a fresh one. */
function requestIdOf(request: Request): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : ulid();
}
