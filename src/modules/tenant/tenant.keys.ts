import { sortKey } from '../../core/keys';

/** Entity type of a tenant in the registry (kept under the reserved `system` tenant). */
export const TENANT_ENTITY = 'TENANT';

/** A storefront domain's claim, in the registry (the system tenant's partition): which one shop holds the host. */
export const domainClaimKey = (host: string) => sortKey('DOMAIN', host);
