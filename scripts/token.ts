/** `npm run token -- --tenant demo --role tenant-admin [--user alice] [--email a@b.c]`: a development JWT. */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevKeys, mintDevToken } from '../src/auth/dev-keys';
import { config } from '../src/config';
import { ROLES, SYSTEM_TENANT, TokenRole } from '../src/core/tenant-context';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    role: { type: 'string' },
    user: { type: 'string' },
    email: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});
const role = values.role as TokenRole;
if (!ROLES.includes(role)) {
  process.stderr.write(`--role must be one of ${ROLES.join(', ')}\n`);
  process.exit(2);
}
const tenant = role === 'system-admin' ? SYSTEM_TENANT : values.tenant;
if (!tenant) {
  process.stderr.write('--tenant <code> is needed for this role\n');
  process.exit(2);
}
const keys = ensureDevKeys(join(resolve(process.env.DATA_DIR ?? '.data'), 'auth'));
process.stdout.write(
  `${mintDevToken(keys, {
    tenant,
    role,
    userId: values.user,
    email: values.email,
    issuer: config().auth.issuer,
    expiresInSeconds: Number(values.hours) * 3600,
  })}\n`,
);
