import { join } from 'node:path';
import { config } from '../../src/config';
import { ensureDevKeys, mintDevToken } from '../../src/auth/dev-keys';
import { Role } from '../../src/core/tenant-context';

/** A development JWT signed with the run's keys (global-setup), as `npm run token` makes them. */
export function tokenFor(tenant: string, role: Role, userId?: string, email?: string): string {
  const keys = ensureDevKeys(join(process.env.SHOPSTREAM_TEST_DIR!, 'auth'));
  return mintDevToken(keys, { tenant, role, userId, email, issuer: config().auth.issuer });
}
