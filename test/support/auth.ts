import { join } from 'node:path';
import { config } from '../../src/config';
import { sign } from 'node:crypto';
import { DEV_AUDIENCE, ensureDevKeys, mintDevToken } from '../../src/auth/dev-keys';
import { Role } from '../../src/core/tenant-context';

/** A development JWT signed with the run's keys (global-setup), as `npm run token` makes them. */
export function tokenFor(tenant: string, role: Role, userId?: string, email?: string): string {
  const keys = ensureDevKeys(join(process.env.SHOPSTREAM_TEST_DIR!, 'auth'));
  return mintDevToken(keys, { tenant, role, userId, email, issuer: config().auth.issuer });
}

/** A JWT with exactly these claims, signed with the run's real key: for tokens `npm run token` would never make. */
export function signClaims(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'shopstream-dev-1' }): string {
  const keys = ensureDevKeys(join(process.env.SHOPSTREAM_TEST_DIR!, 'auth'));
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(claims)}`;
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), keys.privateKey).toString('base64url')}`;
}

/** The claims of a valid development token, for tests that take one away or bend one. */
export function validClaims(tenant: string, role: Role, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: config().auth.issuer, aud: DEV_AUDIENCE, sub: 'someone', token_use: 'id', 'custom:tenant': tenant, 'cognito:groups': [role], iat: now, exp: now + 600, ...extra };
}
