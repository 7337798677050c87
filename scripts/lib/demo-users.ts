/**
 * The demo shop's owner and customer, made by `npm start` in the Cognito emulator and as
 * ACCOUNT items, once per data dir: their passwords are generated on the first start and kept in
 * `DATA_DIR/demo-users.json` (readable by this user only), so a restart on the same data finds
 * the same people with the same passwords.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandService } from '../../src/core/command.service';
import { systemActorContext, TokenRole } from '../../src/core/tenant-context';
import { AccountKind, AccountService, tenantUsername } from '../../src/modules/identity';
import { cognitoCall } from './cognito-local';

export interface DemoUser {
  email: string;
  password: string;
  /** The app client to sign in with (POST /auth/sign-in `client`). */
  client: 'admin' | 'storefront';
  role: TokenRole;
}

const PEOPLE: { key: string; kind: AccountKind; role: TokenRole; client: DemoUser['client'] }[] = [
  { key: 'owner', kind: 'staff', role: 'owner', client: 'admin' },
  { key: 'customer', kind: 'customer', role: 'customer', client: 'storefront' },
];

/** Creates (or finds) the demo users of `tenant`; answers their sign-ins. */
export async function ensureDemoUsers(dataDir: string, endpoint: string, userPoolId: string, tenant: string): Promise<DemoUser[]> {
  const file = join(dataDir, 'demo-users.json');
  const kept: DemoUser[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoUser[]) : [];
  const users = PEOPLE.map(({ key, role, client }) => kept.find((u) => u.role === role) ?? { email: `${key}@${tenant}.example`, password: generatedPassword(), client, role });
  writeFileSync(file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });

  const accounts = new AccountService(new CommandService());
  const ctx = systemActorContext(tenant, 'script:start', 'start');
  for (const [i, user] of users.entries()) {
    const username = tenantUsername(tenant, user.email);
    const call = (action: string, body: object) => cognitoCall(endpoint, action, { UserPoolId: userPoolId, Username: username, ...body });
    try {
      await call('AdminCreateUser', { MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: user.email }, { Name: 'custom:tenant', Value: tenant }] });
    } catch (error) {
      if (!/UsernameExistsException/.test((error as Error).message)) throw error;
    }
    await call('AdminSetUserPassword', { Password: user.password, Permanent: true });
    await call('AdminUpdateUserAttributes', { UserAttributes: [{ Name: 'email', Value: user.email }, { Name: 'email_verified', Value: 'true' }] });
    await call('AdminAddUserToGroup', { GroupName: user.role });
    const { UserAttributes = [] } = await cognitoCall<{ UserAttributes?: { Name: string; Value: string }[] }>(endpoint, 'AdminGetUser', { UserPoolId: userPoolId, Username: username });
    const sub = UserAttributes.find((a) => a.Name === 'sub')!.Value;
    await accounts.open(ctx, sub, { kind: PEOPLE[i].kind, username, email: user.email, status: 'active', roles: [user.role] });
  }
  return users;
}

/** 20 random characters, and one of each class the password policy asks for. */
function generatedPassword(): string {
  return `${randomBytes(15).toString('base64url')}-aA1`;
}
