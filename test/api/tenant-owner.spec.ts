import { SYSTEM_TENANT } from '../../src/core/tenant-context';
import { tokenFor } from '../support/auth';
import { latestCode, mailsTo, withCognitoAndSystem } from '../support/cognito';
import { commandCount } from '../support/commands';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
const PASSWORD = 'Correct-horse-9!';

/**
 * A tenant created with `ownerEmail` comes with its owner's invitation (issue 22): the system
 * admin names the owner, the owner accepts the mailed code and runs the shop. The invitation is
 * sent once however the creation is retried; POST /tenants/{code}/owner-invitations sends another.
 */
describe('tenant owner: POST /tenants with ownerEmail invites the shop owner (Cognito emulator, DynamoDB Local)', () => {
  const stack = withCognitoAndSystem();
  // One caller: Idempotency-Key is per caller (a token without a user id gets a new one each time).
  const sysadmin = () => tokenFor(SYSTEM_TENANT, 'system-admin', 'the-system-admin');
  const post = (path: string, body: Record<string, unknown>, token?: string, headers?: Record<string, string>) => stack.system.request('POST', path, { body, token, headers });

  it('creates the tenant and invites its owner; the owner accepts, signs in to the admin client and is listed as owner', async () => {
    const created = await post('/tenants', { code: 'own-new', name: 'Own New', ownerEmail: 'olga@example.com' }, sysadmin());
    expect(created.status).toBe(201);
    expect(created.body.attributes).not.toHaveProperty('ownerEmail');
    expect(mailsTo('own-new', 'olga@example.com')).toHaveLength(1);

    const code = latestCode('own-new', 'olga@example.com');
    expect((await post('/auth/accept-invitation', { tenant: 'own-new', email: 'olga@example.com', code, password: PASSWORD })).status).toBe(204);
    const signedIn = await post('/auth/sign-in', { tenant: 'own-new', email: 'olga@example.com', password: PASSWORD, client: 'admin' });
    expect(signedIn.status).toBe(200);
    expect(claimsOf(signedIn.body.idToken)).toMatchObject({ 'custom:tenant': 'own-new', 'cognito:groups': ['owner'] });

    await stack.system.sync();
    const staff = await stack.system.request('GET', '/staff', { token: signedIn.body.idToken });
    expect(staff.status).toBe(200);
    expect(staff.body.items).toEqual([expect.objectContaining({ attributes: expect.objectContaining({ email: 'olga@example.com', status: 'active', roles: ['owner'] }) })]);
  });

  it('sends one invitation when POST /tenants is retried (same Idempotency-Key, or none) and when the stream record is replayed', async () => {
    const body = { code: 'own-retry', name: 'Own Retry', ownerEmail: 'rita@example.com' };
    const first = await post('/tenants', body, sysadmin(), { 'idempotency-key': 'own-retry-0001' });
    expect(first.status).toBe(201);
    const replayed = await post('/tenants', body, sysadmin(), { 'idempotency-key': 'own-retry-0001' });
    expect([replayed.status, replayed.headers.get('idempotent-replayed'), replayed.body]).toEqual([201, 'true', first.body]);
    expect((await post('/tenants', body, sysadmin())).status).toBe(409);
    await stack.system.sync();
    // Lambda may deliver a record again: every record of this tenant's creation, once more.
    const ofTenant = stack.system.stream.seen.filter((record) => JSON.stringify(record.dynamodb?.NewImage ?? {}).includes('own-retry'));
    expect(ofTenant.length).toBeGreaterThan(0);
    expect(await stack.system.stream.deliver(ofTenant)).toEqual([]);
    await stack.system.sync();
    expect(mailsTo('own-retry', 'rita@example.com')).toHaveLength(1);
  });

  it('refuses a bad ownerEmail with 400 naming the field and writes nothing', async () => {
    const bad = await post('/tenants', { code: 'own-bad', name: 'Own Bad', ownerEmail: 'not-an-address' }, sysadmin());
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'ownerEmail' })]);
    expect(await commandCount(SYSTEM_TENANT, 'TENANT#own-bad')).toBe(0);
    expect(await commandCount('own-bad')).toBe(0);
    expect((await stack.system.request('GET', '/tenants/own-bad', { token: sysadmin() })).status).toBe(404);
  });

  it('POST /tenants/{code}/owner-invitations invites an owner into an existing tenant, again with a new code; 404 for no tenant; system admins only', async () => {
    expect((await post('/tenants', { code: 'own-later', name: 'Own Later' }, sysadmin())).status).toBe(201);
    expect(mailsTo('own-later', 'lea@example.com')).toHaveLength(0);

    const invited = await post('/tenants/own-later/owner-invitations', { email: 'lea@example.com' }, sysadmin());
    expect(invited).toMatchObject({ status: 201, body: { email: 'lea@example.com', status: 'invited', roles: ['owner'] } });
    const again = await post('/tenants/own-later/owner-invitations', { email: 'lea@example.com' }, sysadmin());
    expect(again.status).toBe(201);
    expect(mailsTo('own-later', 'lea@example.com')).toHaveLength(2);
    const code = latestCode('own-later', 'lea@example.com');
    expect((await post('/auth/accept-invitation', { tenant: 'own-later', email: 'lea@example.com', code, password: PASSWORD })).status).toBe(204);
    // Accepted: inviting the same address again is a conflict, as for any staff invitation.
    expect((await post('/tenants/own-later/owner-invitations', { email: 'lea@example.com' }, sysadmin())).status).toBe(409);

    expect((await post('/tenants/no-such-shop/owner-invitations', { email: 'lea@example.com' }, sysadmin())).status).toBe(404);
    expect(await post('/tenants/own-later/owner-invitations', { email: 'nope' }, sysadmin())).toMatchObject({ status: 400, body: { fields: [expect.objectContaining({ field: 'email' })] } });
    expect((await post('/tenants/own-later/owner-invitations', { email: 'eve@example.com' }, tokenFor('own-later', 'owner', 'an-owner'))).status).toBe(403);
  });
});
