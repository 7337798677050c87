import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../core/errors';
import { EventSubscriber, OnEvent } from '../../core/events';
import { systemActorContext, TenantContext } from '../../core/tenant-context';
import { TenantCreatedEvent, TenantDirectory } from '../tenant';
import { StaffInvitations } from './staff-invitations.service';

/**
 * A new shop's first owner: the system admin names them at POST /tenants (`tenant.created`
 * with `ownerEmail`) or later at POST /tenants/{code}/owner-invitations (the first expired, or
 * another owner). The invitation is the staff one, made in the shop's own tenant by the
 * platform (the system admin is no member of it), accepted through POST /auth/accept-invitation.
 */
@OnEvent<TenantCreatedEvent>('tenant.created')
@Injectable()
export class TenantOwnerInvitations implements EventSubscriber<TenantCreatedEvent> {
  constructor(
    private readonly invitations: StaffInvitations,
    private readonly tenants: TenantDirectory,
  ) {}

  async on(ctx: TenantContext, event: TenantCreatedEvent): Promise<void> {
    if (event.ownerEmail) await this.inviteIn(ctx, event.tenantCode, event.ownerEmail);
  }

  /** Another owner's invitation (or the same address again: a new code, the old one dies). */
  async invite(ctx: TenantContext, tenantCode: string, email: string): ReturnType<StaffInvitations['invite']> {
    if (!(await this.tenants.find(tenantCode))) throw new NotFoundError('tenant', tenantCode);
    return this.inviteIn(ctx, tenantCode, email);
  }

  /** The tenant code comes from the tenant registry (just written, or found), never from the caller alone. */
  private inviteIn(ctx: TenantContext, tenantCode: string, email: string): ReturnType<StaffInvitations['invite']> {
    return this.invitations.invite(systemActorContext(tenantCode, ctx.source, ctx.requestId), { email, roles: ['owner'] });
  }
}
