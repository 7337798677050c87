import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { config } from '../../config';
import { clientAddressOf } from '../../core/client-address';
import { ValidationFailedError } from '../../core/errors';
import { SYSTEM_TENANT, TenantContext } from '../../core/tenant-context';
import { TenantDirectory } from '../tenant';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The context of an /auth request: nobody is signed in yet, so the shop is the body's `tenant`,
 * accepted only when it is a known, enabled shop; the keys are built from it by core as always.
 * The caller's network address is kept for the per-client limits. `platform`: the route also
 * serves the platform's operators (tenant `system`, which is no shop): sign-in, refresh, sign-out.
 */
@Injectable()
export class AuthContexts {
  constructor(private readonly tenants: TenantDirectory) {}

  async of(request: Request, tenant: string, options: { platform?: boolean } = {}): Promise<TenantContext> {
    const operators = options.platform === true && tenant === SYSTEM_TENANT;
    if (!operators && !(await this.tenants.isActive(tenant))) throw new ValidationFailedError([{ field: 'tenant', problem: 'is not an open shop' }]);
    const given = request.headers['x-request-id'];
    return {
      tenantCode: tenant,
      userId: 'anonymous',
      roles: [],
      requestId: typeof given === 'string' && REQUEST_ID.test(given) ? given : ulid(),
      source: `http:${request.method} ${request.route?.path ?? request.path}`,
      client: clientAddressOf(request, config().behindCloudFront),
    };
  }
}
