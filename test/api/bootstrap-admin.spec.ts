import { CommandService } from '../../src/core/command.service';
import { SYSTEM_TENANT, systemActorContext } from '../../src/core/tenant-context';
import { AccountService, bootstrapSystemAdmin } from '../../src/modules/identity';
import { claimsOf, CognitoAdapter } from '../../src/modules/identity/cognito.adapter';
import { withCognitoAndSystem } from '../support/cognito';

/** `npm run bootstrap-admin`'s work against the Cognito emulator and DynamoDB Local. */
describe('bootstrap-admin: the first system admin in the pool and the tables (Cognito emulator, DynamoDB Local)', () => {
  const stack = withCognitoAndSystem();

  it('makes a system-admin of tenant system with an active ACCOUNT and a password that signs in; a second run changes nothing', async () => {
    const made = await bootstrapSystemAdmin('root@ops.example');
    expect(made).toMatchObject({ id: expect.any(String), username: 'system#root@ops.example', password: expect.any(String) });

    const tokens = await new CognitoAdapter().signIn('admin', made.username, made.password!);
    expect(claimsOf(tokens.idToken)).toMatchObject({ sub: made.id, 'custom:tenant': SYSTEM_TENANT, 'cognito:groups': ['system-admin'], email: 'root@ops.example', email_verified: true });
    const accounts = new AccountService(new CommandService());
    const account = await accounts.get(systemActorContext(SYSTEM_TENANT, 'test', 'test'), made.id);
    expect(account).toMatchObject({ version: 1, attributes: { kind: 'system', status: 'active', roles: ['system-admin'], email: 'root@ops.example', username: made.username } });

    // Idempotent: the same admin, no new password, the old one still signs in, nothing new written.
    expect(await bootstrapSystemAdmin('root@ops.example')).toEqual({ id: made.id, username: made.username });
    expect((await new CognitoAdapter().signIn('admin', made.username, made.password!)).idToken).toEqual(expect.any(String));
    expect((await accounts.get(systemActorContext(SYSTEM_TENANT, 'test', 'test'), made.id))?.version).toBe(1);
    // The token is the API's: a system admin's route accepts it.
    expect((await stack.system.request('GET', '/tenants', { token: tokens.idToken })).status).toBe(200);
  });
});
