import { latestCode, mailsTo, withCognitoAndSystem } from '../support/cognito';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
const PASSWORD = 'Correct-horse-9!';

/**
 * Sign-up, sign-in and passwords through our /auth routes, with the Cognito emulator behind
 * them (started by this file, as `npm start` runs it), codes read from the captured mails, and
 * the tokens used on the API.
 */
describe('accounts: sign-up, sign-in, passwords and staff invitations through /auth (Cognito emulator, DynamoDB Local)', () => {
  const stack = withCognitoAndSystem();

  const post = (path: string, body: Record<string, unknown>, token?: string) => stack.system.request('POST', path, { body, token });

  /** A customer of `tenant` signed up and verified with the code from the mail. */
  async function verifiedCustomer(tenant: string, email: string, password = PASSWORD): Promise<void> {
    expect((await post('/auth/sign-up', { tenant, email, password })).status).toBe(202);
    expect((await post('/auth/verify-email', { tenant, email, code: latestCode(tenant, email) })).status).toBe(204);
  }

  it('sign-up → code from the mail → verify → sign-in; the ID token works on GET /me; refresh; sign-out ends refresh', async () => {
    await stack.system.createTenant('acc-flow');
    const signUp = await post('/auth/sign-up', { tenant: 'acc-flow', email: 'Ada@Example.com', password: PASSWORD, name: 'Ada' });
    expect(signUp).toMatchObject({ status: 202, body: { status: 'verification_sent' } });
    // Not verified yet: the password is right, and still the one refusal.
    const early = await post('/auth/sign-in', { tenant: 'acc-flow', email: 'ada@example.com', password: PASSWORD, client: 'storefront' });
    expect(early).toMatchObject({ status: 401, body: { reason: 'invalid_credentials' } });

    const code = latestCode('acc-flow', 'Ada@Example.com');
    expect((await post('/auth/verify-email', { tenant: 'acc-flow', email: 'ada@example.com', code })).status).toBe(204);
    // A retry of the same verification answers the same.
    expect((await post('/auth/verify-email', { tenant: 'acc-flow', email: 'ada@example.com', code })).status).toBe(204);

    const signIn = await post('/auth/sign-in', { tenant: 'acc-flow', email: 'ada@example.com', password: PASSWORD, client: 'storefront' });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(claimsOf(signIn.body.idToken)).toMatchObject({ 'custom:tenant': 'acc-flow', 'cognito:groups': ['customer'], email: 'Ada@Example.com', email_verified: true });
    const me = await stack.system.request('GET', '/me', { token: signIn.body.idToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: claimsOf(signIn.body.idToken).sub, email: 'Ada@Example.com', emailVerified: true });

    const refresh = { tenant: 'acc-flow', email: 'ada@example.com', refreshToken: signIn.body.refreshToken, client: 'storefront' };
    const refreshed = await post('/auth/refresh', refresh);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    expect((await stack.system.request('GET', '/me', { token: refreshed.body.idToken })).status).toBe(200);

    expect((await post('/auth/sign-out', refresh)).status).toBe(204);
    expect(await post('/auth/refresh', refresh)).toMatchObject({ status: 401, body: { reason: 'invalid_credentials' } });
    expect((await post('/auth/sign-out', refresh)).status).toBe(204);
  });

  it('forgot → code from the mail → reset → sign-in with the new password only', async () => {
    await stack.system.createTenant('acc-reset');
    await verifiedCustomer('acc-reset', 'bo@example.com');
    expect((await post('/auth/forgot-password', { tenant: 'acc-reset', email: 'bo@example.com' })).status).toBe(202);
    const code = latestCode('acc-reset', 'bo@example.com');
    const weak = await post('/auth/reset-password', { tenant: 'acc-reset', email: 'bo@example.com', code, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.fields).toEqual([{ field: 'newPassword', problem: 'must be at least 12 characters long' }]);
    expect((await post('/auth/reset-password', { tenant: 'acc-reset', email: 'bo@example.com', code, newPassword: 'Another-horse-10' })).status).toBe(204);

    const signIn = (password: string) => post('/auth/sign-in', { tenant: 'acc-reset', email: 'bo@example.com', password, client: 'storefront' });
    expect((await signIn(PASSWORD)).status).toBe(401);
    expect((await signIn('Another-horse-10')).status).toBe(200);
    // The code is used up: a wrong one, or a new reset with the same code, changes nothing.
    expect(await post('/auth/reset-password', { tenant: 'acc-reset', email: 'bo@example.com', code: code === '000000' ? '000001' : '000000', newPassword: 'Third-horse-11!' })).toMatchObject({
      status: 400,
      body: { reason: 'invalid_code', fields: [{ field: 'code', problem: 'is wrong or expired' }] },
    });
  });

  it('the same email in two shops is two independent people', async () => {
    await stack.system.createTenant('acc-one');
    await stack.system.createTenant('acc-two');
    await verifiedCustomer('acc-one', 'same@example.com', 'First-password-1');
    await post('/auth/sign-up', { tenant: 'acc-two', email: 'same@example.com', password: 'Second-password-2' });
    // The first shop's mail says nothing about the second, and its code is not the second's.
    expect(mailsTo('acc-one', 'same@example.com')).toHaveLength(1);
    const two = latestCode('acc-two', 'same@example.com');
    expect((await post('/auth/verify-email', { tenant: 'acc-one', email: 'same@example.com', code: two })).status).toBe(400);
    expect((await post('/auth/verify-email', { tenant: 'acc-two', email: 'same@example.com', code: two })).status).toBe(204);

    const one = await post('/auth/sign-in', { tenant: 'acc-one', email: 'same@example.com', password: 'First-password-1', client: 'storefront' });
    const other = await post('/auth/sign-in', { tenant: 'acc-two', email: 'same@example.com', password: 'Second-password-2', client: 'storefront' });
    expect([one.status, other.status]).toEqual([200, 200]);
    expect(claimsOf(one.body.idToken)['custom:tenant']).toBe('acc-one');
    expect(claimsOf(other.body.idToken)['custom:tenant']).toBe('acc-two');
    expect(claimsOf(one.body.idToken).sub).not.toBe(claimsOf(other.body.idToken).sub);
    expect((await post('/auth/sign-in', { tenant: 'acc-two', email: 'same@example.com', password: 'First-password-1', client: 'storefront' })).status).toBe(401);
  });

  it('answers the same for a known and an unknown address: sign-up, forgot-password, sign-in failures; a taken address gets a mail saying so', async () => {
    await stack.system.createTenant('acc-enum');
    await verifiedCustomer('acc-enum', 'known@example.com');
    const strip = ({ status, body }: { status: number; body: unknown }) => ({ status, body });

    const known = await post('/auth/sign-up', { tenant: 'acc-enum', email: 'known@example.com', password: 'Other-password-3' });
    const unknown = await post('/auth/sign-up', { tenant: 'acc-enum', email: 'new@example.com', password: 'Other-password-3' });
    expect(strip(known)).toEqual(strip(unknown));
    expect(mailsTo('acc-enum', 'known@example.com').pop()).toMatch(/Subject: You already have an account at acc-enum/);
    // The taken address keeps its password.
    expect((await post('/auth/sign-in', { tenant: 'acc-enum', email: 'known@example.com', password: PASSWORD, client: 'storefront' })).status).toBe(200);

    const forgotKnown = await post('/auth/forgot-password', { tenant: 'acc-enum', email: 'known@example.com' });
    const forgotUnknown = await post('/auth/forgot-password', { tenant: 'acc-enum', email: 'nobody@example.com' });
    expect(strip(forgotKnown)).toEqual(strip(forgotUnknown));
    expect(mailsTo('acc-enum', 'nobody@example.com')).toEqual([]);

    const signIn = (email: string, password: string) => post('/auth/sign-in', { tenant: 'acc-enum', email, password, client: 'storefront' });
    const wrongPassword = await signIn('known@example.com', 'Wrong-password-4');
    const unknownAddress = await signIn('nobody@example.com', 'Wrong-password-4');
    const unverified = await signIn('new@example.com', 'Other-password-3');
    expect(strip(wrongPassword)).toEqual({ status: 401, body: { statusCode: 401, error: 'InvalidCredentialsError', message: 'wrong email or password', reason: 'invalid_credentials' } });
    expect(strip(unknownAddress)).toEqual(strip(wrongPassword));
    expect(strip(unverified)).toEqual(strip(wrongPassword));

    const verifyUnknown = await post('/auth/verify-email', { tenant: 'acc-enum', email: 'nobody@example.com', code: '123456' });
    const verifyWrong = await post('/auth/verify-email', { tenant: 'acc-enum', email: 'new@example.com', code: latestCode('acc-enum', 'new@example.com') === '123456' ? '654321' : '123456' });
    expect(strip(verifyUnknown)).toEqual(strip(verifyWrong));
    expect(verifyUnknown).toMatchObject({ status: 400, body: { reason: 'invalid_code' } });
  });

  it('limits tries per address (429 naming the limit), and a code dies after 5 wrong tries', async () => {
    await stack.system.createTenant('acc-limits');
    await verifiedCustomer('acc-limits', 'target@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await post('/auth/sign-in', { tenant: 'acc-limits', email: 'target@example.com', password: `Guess-number-${i}`, client: 'storefront' })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const refused = await post('/auth/sign-in', { tenant: 'acc-limits', email: 'target@example.com', password: PASSWORD, client: 'storefront' });
    expect(refused).toMatchObject({ status: 429, body: { limit: 'signInsPerAddressPerHour' } });
    // Another address is not held up.
    expect((await post('/auth/sign-in', { tenant: 'acc-limits', email: 'other@example.com', password: PASSWORD, client: 'storefront' })).status).toBe(401);

    await post('/auth/sign-up', { tenant: 'acc-limits', email: 'slow@example.com', password: PASSWORD });
    const code = latestCode('acc-limits', 'slow@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await post('/auth/verify-email', { tenant: 'acc-limits', email: 'slow@example.com', code: wrong })).status).toBe(400);
    expect(await post('/auth/verify-email', { tenant: 'acc-limits', email: 'slow@example.com', code })).toMatchObject({ status: 400, body: { reason: 'invalid_code' } });
  });

  it('refuses a weak password with a 400 naming password and the rule, and writes nothing', async () => {
    await stack.system.createTenant('acc-weak');
    const cases: [string, string][] = [
      ['Short-1!', 'must be at least 12 characters long'],
      ['all-lower-case-1!', 'must contain an upper-case letter'],
      ['No-digits-at-all!', 'must contain a digit'],
      ['NoSymbolsHere123', 'must contain a symbol'],
    ];
    for (const [password, problem] of cases) {
      const reply = await post('/auth/sign-up', { tenant: 'acc-weak', email: 'weak@example.com', password });
      expect(reply.status).toBe(400);
      expect(reply.body.fields).toEqual([{ field: 'password', problem }]);
    }
    expect(mailsTo('acc-weak', 'weak@example.com')).toEqual([]);
    const unknownShop = await post('/auth/sign-up', { tenant: 'no-such-shop', email: 'weak@example.com', password: PASSWORD });
    expect(unknownShop.status).toBe(400);
    expect(unknownShop.body.fields).toEqual([{ field: 'tenant', problem: 'is not an open shop' }]);
  });

  it('a customer cannot sign in with the admin client: the same 401', async () => {
    await stack.system.createTenant('acc-client');
    await verifiedCustomer('acc-client', 'shopper@example.com');
    const admin = await post('/auth/sign-in', { tenant: 'acc-client', email: 'shopper@example.com', password: PASSWORD, client: 'admin' });
    expect(admin).toMatchObject({ status: 401, body: { reason: 'invalid_credentials', message: 'wrong email or password' } });
  });

  it('an owner invites staff; they accept with the mailed code and sign in to the admin client with the invited roles', async () => {
    const shop = await stack.system.createTenant('acc-staff');
    const owner = shop.as('owner', 'the-owner');
    expect((await post('/staff/invitations', { email: 'sam@example.com', roles: ['fulfilment'] }, shop.admin())).status).toBe(403);
    const bad = await post('/staff/invitations', { email: 'sam@example.com', roles: ['customer'] }, owner);
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['roles']);

    const invited = await post('/staff/invitations', { email: 'sam@example.com', roles: ['fulfilment'] }, owner);
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ version: 1, email: 'sam@example.com', status: 'invited', roles: ['fulfilment'] });
    const code = latestCode('acc-staff', 'sam@example.com');
    const signIn = (password: string) => post('/auth/sign-in', { tenant: 'acc-staff', email: 'sam@example.com', password, client: 'admin' });
    expect((await signIn(PASSWORD)).status).toBe(401);

    expect((await post('/auth/accept-invitation', { tenant: 'acc-staff', email: 'sam@example.com', code, password: 'weak' })).status).toBe(400);
    expect((await post('/auth/accept-invitation', { tenant: 'acc-staff', email: 'sam@example.com', code, password: PASSWORD })).status).toBe(204);
    const signedIn = await signIn(PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(claimsOf(signedIn.body.idToken)).toMatchObject({ sub: invited.body.id, 'custom:tenant': 'acc-staff', 'cognito:groups': ['fulfilment'] });
    // The token is accepted (a customer route refuses the role: 403, not 401).
    expect((await stack.system.request('GET', '/me', { token: signedIn.body.idToken })).status).toBe(403);
    // Accepted staff cannot be invited again.
    expect((await post('/staff/invitations', { email: 'sam@example.com', roles: ['support'] }, owner)).status).toBe(409);
  });
});
