import { createHash } from 'node:crypto';
import { TenantContext } from './tenant-context';

/**
 * The only place that builds DynamoDB keys. The partition key comes from the caller's verified
 * tenant; sort keys are typed parts joined by `#`; versions are appended with `@`.
 * Modules describe their keys with `sortKey(...)` and never concatenate themselves.
 */
const PART = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const SEPARATOR = '#';
const VERSION_MARK = '@';

export function isValidKeyPart(part: string): boolean {
  return PART.test(part);
}

function assertPart(part: string): string {
  if (!isValidKeyPart(part)) {
    throw new Error(`invalid key part ${JSON.stringify(part)}`);
  }
  return part;
}

export function tenantPk(ctx: Pick<TenantContext, 'tenantCode'>): string {
  return `TENANT${SEPARATOR}${assertPart(ctx.tenantCode)}`;
}

/** The tenant code a pk was built from (stream records carry only keys). */
export function tenantOfPk(pk: string): string {
  const [kind, tenant] = pk.split(SEPARATOR);
  if (kind !== 'TENANT' || !tenant) throw new Error(`not a tenant key: ${pk}`);
  return tenant;
}

/** `sortKey('INVENTORY', 'SKU-1', 'main')` → `INVENTORY#SKU-1#main`. */
export function sortKey(type: string, ...parts: string[]): string {
  return [type, ...parts].map(assertPart).join(SEPARATOR);
}

/** A prefix that lists every item of a type, or of a type and leading parts. */
export function sortKeyPrefix(type: string, ...parts: string[]): string {
  return sortKey(type, ...parts) + SEPARATOR;
}

/**
 * `<sk>@<version>`, written so that the byte order of the keys is the order of the versions:
 * "the newest version" is then one Query read backwards with Limit 1, whatever the number of
 * versions. Versions 0-9 are their digit; each further digit adds one `:` (the character after
 * `9`) in front: 10 is `@:10`, 113 is `@::113`. Versions below 10 keep the keys they had before.
 */
export function versionedSortKey(sk: string, version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`invalid version ${version}`);
  const digits = String(version);
  return `${sk}${VERSION_MARK}${':'.repeat(digits.length - 1)}${digits}`;
}

/** Prefix matching every version of one entity (and no other entity). */
export function versionsPrefix(sk: string): string {
  return `${sk}${VERSION_MARK}`;
}

/**
 * A user id (a token's `sub`) as a key part: as it is when it can be one, else a digest of it,
 * so any issuer's subject fits and two subjects never share a part.
 */
export function userKeyPart(userId: string): string {
  return isValidKeyPart(userId) && !userId.startsWith('h.') ? userId : `h.${createHash('sha256').update(userId).digest('hex').slice(0, 40)}`;
}

/**
 * The partition key of one group of a secondary index, inside the caller's tenant:
 * `indexPk(ctx, 'CUSTOMER', 'alice')` → `TENANT#shop#CUSTOMER#alice`.
 */
export function indexPk(ctx: Pick<TenantContext, 'tenantCode'>, type: string, ...parts: string[]): string {
  return `${tenantPk(ctx)}${SEPARATOR}${sortKey(type, ...parts)}`;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

export function itemKey(ctx: Pick<TenantContext, 'tenantCode'>, sk: string): ItemKey {
  return { pk: tenantPk(ctx), sk };
}
