/**
 * The public surface of `identity`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 * The user pool's description (read by infra/ and scripts/) and the accounts: one status item
 * per person, read by the guard on every request; the first system admin (`npm run bootstrap-admin`).
 */
export { IDENTITY_POOL, TENANT_ATTRIBUTE, tenantUsername } from './identity-pool';
export type { PoolClient, PoolGroup } from './identity-pool';
export { AccountService } from './account.service';
export { ACCOUNT_ENTITY } from './account.keys';
export { ACCOUNT_STATUSES } from './account.model';
export type { AccountAttributes, AccountKind, AccountStanding, AccountStatus } from './account.model';
export type { IdentityMailEvent, IdentityMailKind } from './identity.events';
export { bootstrapSystemAdmin } from './system-admin-bootstrap';
export type { BootstrappedAdmin } from './system-admin-bootstrap';
