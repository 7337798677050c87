/** Entity type of a tenant in the registry (kept under the reserved `system` tenant). */
export const TENANT_ENTITY = 'TENANT';
