import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertLocalStage, EmulatorTokenVerifier } from '../../src/auth/emulator-token-verifier';
import { IDENTITY_POOL, tenantUsername } from '../../src/modules/identity';
import { cognitoCall, ensureLocalPool, LocalPool, RunningCognito, startCognitoLocal } from '../../scripts/lib/cognito-local';
import { freePort } from '../../scripts/lib/dynamodb-local';

/**
 * The Cognito emulator `npm start` runs (cognito-local), with the pool of
 * src/modules/identity/identity-pool.ts, and the verifier for the tokens it signs: users created
 * with the admin API in a tenant, signed in with the password flow, their tokens verified.
 */
describe('the local Cognito emulator and its token verifier', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shopstream-cognito-'));
  let port: number;
  let cognito: RunningCognito;
  let pool: LocalPool;
  const call = <T = Record<string, unknown>>(action: string, body: object) => cognitoCall<T>(cognito.endpoint, action, body);

  beforeAll(async () => {
    port = await freePort();
    cognito = await startCognitoLocal(port, dataDir);
    pool = await ensureLocalPool(cognito.endpoint, 'shopstream-local');
  }, 60_000);

  afterAll(async () => {
    await cognito?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the pool, its groups and clients once: a second run, and a restart on the same data, find them', async () => {
    expect(pool.created).toBe(true);
    expect(pool.userPoolId).toMatch(/^local_/);
    expect(Object.keys(pool.clients).sort()).toEqual(IDENTITY_POOL.clients.map((c) => c.name).sort());
    expect(await ensureLocalPool(cognito.endpoint, 'shopstream-local')).toEqual({ ...pool, created: false });

    await cognito.stop();
    cognito = await startCognitoLocal(port, dataDir);
    expect(await ensureLocalPool(cognito.endpoint, 'shopstream-local')).toEqual({ ...pool, created: false });

    const { UserPools } = await call<{ UserPools: unknown[] }>('ListUserPools', { MaxResults: 60 });
    expect(UserPools).toHaveLength(1);
    const { Groups } = await call<{ Groups: { GroupName: string }[] }>('ListGroups', { UserPoolId: pool.userPoolId });
    expect(Groups.map((g) => g.GroupName).sort()).toEqual(IDENTITY_POOL.groups.map((g) => g.name).sort());
    const mfa = await call('GetUserPoolMfaConfig', { UserPoolId: pool.userPoolId });
    expect(mfa).toMatchObject({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
  }, 60_000);

  /** A user of `tenant` in `group`, made with the admin API as our routes will, signed in with the password flow. */
  async function signIn(tenant: string, email: string, group: string, client: string) {
    const username = tenantUsername(tenant, email);
    const password = 'Correct-horse-battery-9';
    await call('AdminCreateUser', {
      UserPoolId: pool.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'custom:tenant', Value: tenant },
      ],
    });
    await call('AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: username, Password: password, Permanent: true });
    await call('AdminAddUserToGroup', { UserPoolId: pool.userPoolId, Username: username, GroupName: group });
    const { clientId, clientSecret } = pool.clients[client];
    // The clients are confidential: our API proves it holds the secret (the emulator does not check it).
    const secretHash = createHmac('sha256', clientSecret!).update(username + clientId).digest('base64');
    const { AuthenticationResult } = await call<{ AuthenticationResult: { IdToken: string; AccessToken: string; RefreshToken: string } }>('InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash },
    });
    return AuthenticationResult;
  }

  it('signs a user of a tenant in with the password flow; the verifier reads the tenant and the groups from both tokens', async () => {
    const verifier = EmulatorTokenVerifier.create({ endpoint: cognito.endpoint, userPoolId: pool.userPoolId, clientIds: Object.values(pool.clients).map((c) => c.clientId) });
    const tokens = await signIn('shop-a', 'Owner@Example.com', 'owner', 'admin');
    const id = await verifier.verify(tokens.IdToken);
    expect(id).toMatchObject({ token_use: 'id', 'custom:tenant': 'shop-a', 'cognito:groups': ['owner'], email: 'Owner@Example.com', 'cognito:username': 'shop-a#owner@example.com', aud: pool.clients.admin.clientId });
    const access = await verifier.verify(tokens.AccessToken);
    expect(access).toMatchObject({ token_use: 'access', sub: id.sub, 'cognito:groups': ['owner'], client_id: pool.clients.admin.clientId });

    // Another client's tokens are refused, and so is a token whose payload was changed.
    const adminOnly = EmulatorTokenVerifier.create({ endpoint: cognito.endpoint, userPoolId: pool.userPoolId, clientIds: [pool.clients.admin.clientId] });
    const customer = await signIn('shop-a', 'buyer@example.com', 'customer', 'storefront');
    await expect(adminOnly.verify(customer.IdToken)).rejects.toThrow(/not a token of our clients/);
    const [header, payload, signature] = tokens.IdToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), 'custom:tenant': 'shop-b' })).toString('base64url');
    await expect(verifier.verify(`${header}.${forged}.${signature}`)).rejects.toThrow(/signature/i);
    // A verifier of another pool refuses this pool's tokens (the issuer differs).
    const otherPool = EmulatorTokenVerifier.create({ endpoint: cognito.endpoint, userPoolId: 'local_other', clientIds: [pool.clients.admin.clientId] });
    await expect(otherPool.verify(tokens.IdToken)).rejects.toThrow(/iss/i);
  });

  it('keeps the same email in two tenants as two users, each token bound to its tenant', async () => {
    const verifier = EmulatorTokenVerifier.create({ endpoint: cognito.endpoint, userPoolId: pool.userPoolId, clientIds: [pool.clients.storefront.clientId] });
    const inA = await verifier.verify((await signIn('shop-a', 'same@example.com', 'customer', 'storefront')).IdToken);
    const inB = await verifier.verify((await signIn('shop-b', 'same@example.com', 'customer', 'storefront')).IdToken);
    expect(inA['custom:tenant']).toBe('shop-a');
    expect(inB['custom:tenant']).toBe('shop-b');
    expect(inA.sub).not.toBe(inB.sub);
    // The tenant cannot be moved afterwards.
    await expect(
      call('AdminUpdateUserAttributes', { UserPoolId: pool.userPoolId, Username: tenantUsername('shop-a', 'same@example.com'), UserAttributes: [{ Name: 'custom:tenant', Value: 'shop-b' }] }),
    ).rejects.toThrow(/immutable/);
  });

  it('refuses to trust the emulator anywhere but a local run', () => {
    const local = { endpoint: 'http://127.0.0.1:9329', userPoolId: 'local_x', clientIds: ['c'] };
    expect(() => EmulatorTokenVerifier.create(local, {})).not.toThrow();
    expect(() => EmulatorTokenVerifier.create(local, { AWS_LAMBDA_FUNCTION_NAME: 'shopstream-api', IS_OFFLINE: 'true' })).not.toThrow();
    expect(() => EmulatorTokenVerifier.create(local, { AWS_LAMBDA_FUNCTION_NAME: 'shopstream-api' })).toThrow(/deployed Lambda/);
    for (const endpoint of ['http://cognito.example:9329', 'https://127.0.0.1:9329', 'http://10.0.0.5:9329', 'not a url']) {
      expect(() => assertLocalStage(endpoint, {})).toThrow(/refusing|not a URL/);
    }
  });
});
