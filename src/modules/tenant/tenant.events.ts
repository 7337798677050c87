import type { DomainEvent } from '../../core/events';

/**
 * Published by POST /tenants once the conditional write of version 1 succeeded, in that call:
 * a retry with the same Idempotency-Key replays the response, one without it gets 409 before
 * this, so the event goes out once per tenant. `ownerEmail`: whom identity invites as owner.
 */
export interface TenantCreatedEvent extends DomainEvent {
  readonly type: 'tenant.created';
  readonly tenantCode: string;
  readonly ownerEmail?: string;
}
