/**
 * The public surface of `identity`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 * For now only the user pool's description, read by infra/ and scripts/ (issue 20 adds the flows).
 */
export { IDENTITY_POOL, TENANT_ATTRIBUTE, tenantUsername } from './identity-pool';
export type { PoolClient, PoolGroup } from './identity-pool';
