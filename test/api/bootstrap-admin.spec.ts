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

  it('signs the system admin in through /auth/sign-in (tenant system, client admin only); tenant system is no shop for the other routes', async () => {
    const made = await bootstrapSystemAdmin('ops@ops.example');
    const signIn = (client: string) =>
      stack.system.request('POST', '/auth/sign-in', { body: { tenant: SYSTEM_TENANT, email: 'ops@ops.example', password: made.password, client } });
    const signedIn = await signIn('admin');
    expect(signedIn.status).toBe(200);
    expect((await stack.system.request('GET', '/tenants', { token: signedIn.body.idToken })).status).toBe(200);
    // Not at the storefront's client, and answered as every refused sign-in is.
    expect((await signIn('storefront')).body).toMatchObject({ statusCode: 401, reason: 'invalid_credentials' });
    const signUp = await stack.system.request('POST', '/auth/sign-up', { body: { tenant: SYSTEM_TENANT, email: 'someone@ops.example', password: 'Correct-horse-9!' } });
    expect(signUp.status).toBe(400);
    expect(signUp.body.fields).toEqual([expect.objectContaining({ field: 'tenant' })]);
  });
});
