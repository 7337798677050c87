import { latestCode, mailsTo, withCognitoAndSystem } from '../support/cognito';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
const PASSWORD = 'Correct-horse-9!';

/**
 * A customer's change of sign-in email (POST /me/email, /me/email/confirm) through the real
 * flows: the Cognito emulator, codes read from the captured mails, tokens used on the API.
 */
describe('change of email: a code to the new address, then the code moves the sign-in (Cognito emulator, DynamoDB Local)', () => {
  const stack = withCognitoAndSystem();
  const post = (path: string, body: Record<string, unknown>, token?: string) => stack.system.request('POST', path, { body, token });
  const signIn = (tenant: string, email: string, password = PASSWORD) => post('/auth/sign-in', { tenant, email, password, client: 'storefront' });

  /** A verified customer of `tenant`, signed in: their ID token. */
  async function customer(tenant: string, email: string, password = PASSWORD): Promise<string> {
    expect((await post('/auth/sign-up', { tenant, email, password })).status).toBe(202);
    expect((await post('/auth/verify-email', { tenant, email, code: latestCode(tenant, email) })).status).toBe(204);
    const session = await signIn(tenant, email, password);
    expect(session.status).toBe(200);
    return session.body.idToken as string;
  }

  const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

  it('mails a code to the new address; the code switches the sign-in: the new address signs in, the old one no more, GET /me shows the new one', async () => {
    await stack.system.createTenant('chg-flow');
    const token = await customer('chg-flow', 'ada@example.com');
    const sub = claimsOf(token).sub;

    const asked = await post('/me/email', { newEmail: 'Ada.New@example.com', password: PASSWORD }, token);
    expect(asked).toMatchObject({ status: 202, body: { status: 'code_sent' } });
    const code = latestCode('chg-flow', 'Ada.New@example.com');
    // Nothing moves before the code comes back.
    expect((await signIn('chg-flow', 'ada@example.com')).status).toBe(200);

    expect((await post('/me/email/confirm', { code }, token)).status).toBe(204);
    // A retry answers the same and changes nothing (one notice to the old address).
    expect((await post('/me/email/confirm', { code }, token)).status).toBe(204);
    const notices = mailsTo('chg-flow', 'ada@example.com').filter((mail) => mail.includes('Subject: Your email at chg-flow was changed'));
    expect(notices).toHaveLength(1);

    const moved = await signIn('chg-flow', 'ada.new@example.com');
    expect(moved.status).toBe(200);
    expect(claimsOf(moved.body.idToken)).toMatchObject({ sub, email: 'Ada.New@example.com', email_verified: true });
    expect(await signIn('chg-flow', 'ada@example.com')).toMatchObject({ status: 401, body: { reason: 'invalid_credentials' } });

    // The session from before the change stays valid, and both tokens read the new address.
    for (const bearer of [token, moved.body.idToken]) {
      const me = await stack.system.request('GET', '/me', { token: bearer });
      expect(me).toMatchObject({ status: 200, body: { id: sub, email: 'Ada.New@example.com', emailVerified: true } });
    }
    // Refresh goes with the new address; the old one is refused like any unknown address.
    const refresh = { tenant: 'chg-flow', refreshToken: moved.body.refreshToken, client: 'storefront' };
    expect((await post('/auth/refresh', { ...refresh, email: 'ada.new@example.com' })).status).toBe(200);
    expect((await post('/auth/refresh', { ...refresh, email: 'ada@example.com' })).status).toBe(401);
    // The old address gets no reset code any more; the new one does.
    expect((await post('/auth/forgot-password', { tenant: 'chg-flow', email: 'ada@example.com' })).status).toBe(202);
    expect(mailsTo('chg-flow', 'ada@example.com').filter((mail) => mail.includes('password reset code'))).toEqual([]);
    expect((await post('/auth/forgot-password', { tenant: 'chg-flow', email: 'ada.new@example.com' })).status).toBe(202);
    expect(mailsTo('chg-flow', 'Ada.New@example.com').pop()).toMatch(/Subject: Your password reset code for chg-flow/);
    // A sign-up of the old address is told it has an account, and leaves the mover's password alone.
    expect((await post('/auth/sign-up', { tenant: 'chg-flow', email: 'ada@example.com', password: 'Other-password-3' })).status).toBe(202);
    expect((await signIn('chg-flow', 'ada.new@example.com')).status).toBe(200);
  });

  it('refuses a bad address, the current address and a wrong password with a 400 naming the field; a wrong code counts, and 5 wrong tries kill it', async () => {
    await stack.system.createTenant('chg-codes');
    const token = await customer('chg-codes', 'bo@example.com');
    expect(await post('/me/email', { newEmail: 'not an address', password: PASSWORD }, token)).toMatchObject({ status: 400, body: { fields: [{ field: 'newEmail' }] } });
    expect(await post('/me/email', { newEmail: 'BO@example.com', password: PASSWORD }, token)).toMatchObject({ status: 400, body: { fields: [{ field: 'newEmail', problem: 'is your current email' }] } });
    expect(await post('/me/email', { newEmail: 'bo2@example.com', password: 'Wrong-password-4' }, token)).toMatchObject({ status: 400, body: { fields: [{ field: 'password', problem: 'is not your current password' }] } });
    expect(mailsTo('chg-codes', 'bo2@example.com')).toEqual([]);
    // No change asked yet: any code is the one refusal.
    expect(await post('/me/email/confirm', { code: '123456' }, token)).toMatchObject({ status: 400, body: { reason: 'invalid_code' } });

    expect((await post('/me/email', { newEmail: 'bo2@example.com', password: PASSWORD }, token)).status).toBe(202);
    const code = latestCode('chg-codes', 'bo2@example.com');
    for (let i = 0; i < 5; i++) {
      expect(await post('/me/email/confirm', { code: otherThan(code) }, token)).toMatchObject({ status: 400, body: { reason: 'invalid_code', fields: [{ field: 'code', problem: 'is wrong or expired' }] } });
    }
    expect(await post('/me/email/confirm', { code }, token)).toMatchObject({ status: 400, body: { reason: 'invalid_code' } });
    expect((await signIn('chg-codes', 'bo@example.com')).status).toBe(200);
    expect((await signIn('chg-codes', 'bo2@example.com')).status).toBe(401);
    // A new request gives a new code that works.
    expect((await post('/me/email', { newEmail: 'bo2@example.com', password: PASSWORD }, token)).status).toBe(202);
    expect((await post('/me/email/confirm', { code: latestCode('chg-codes', 'bo2@example.com') }, token)).status).toBe(204);
    expect((await signIn('chg-codes', 'bo2@example.com')).status).toBe(200);
  });

  it('a taken address: the request answers the same and mails the address a note (no code); confirm is 409 email_taken when it was taken since', async () => {
    await stack.system.createTenant('chg-taken');
    const token = await customer('chg-taken', 'cy@example.com');
    await customer('chg-taken', 'dee@example.com', 'Dee-password-5!');
    const strip = ({ status, body }: { status: number; body: unknown }) => ({ status, body });

    const taken = await post('/me/email', { newEmail: 'dee@example.com', password: PASSWORD }, token);
    const free = await post('/me/email', { newEmail: 'cy.free@example.com', password: PASSWORD }, token);
    expect(strip(taken)).toEqual(strip(free));
    const note = mailsTo('chg-taken', 'dee@example.com').pop()!;
    expect(note).toMatch(/Subject: This address already has an account at chg-taken/);
    expect(note.slice(note.indexOf('\n\n'))).not.toMatch(/\b\d{6}\b/);
    expect((await signIn('chg-taken', 'dee@example.com', 'Dee-password-5!')).status).toBe(200);

    // Taken by a sign-up between the request and the confirm: 409 to the owner of the session, nothing moved.
    const code = latestCode('chg-taken', 'cy.free@example.com');
    await customer('chg-taken', 'cy.free@example.com', 'Free-password-6!');
    const refused = await post('/me/email/confirm', { code }, token);
    expect(refused).toMatchObject({ status: 409, body: { reason: 'email_taken' } });
    expect((await signIn('chg-taken', 'cy@example.com')).status).toBe(200);
    expect((await signIn('chg-taken', 'cy.free@example.com', 'Free-password-6!')).status).toBe(200);
    expect((await stack.system.request('GET', '/me', { token })).body.email).toBe('cy@example.com');
  });

  it('two customers asking for the same free address: the first confirm takes it, the second is 409 (the claim is one conditional write)', async () => {
    await stack.system.createTenant('chg-race');
    const first = await customer('chg-race', 'eve@example.com');
    const second = await customer('chg-race', 'fay@example.com');
    expect((await post('/me/email', { newEmail: 'shared@example.com', password: PASSWORD }, first)).status).toBe(202);
    const firstCode = latestCode('chg-race', 'shared@example.com');
    expect((await post('/me/email', { newEmail: 'shared@example.com', password: PASSWORD }, second)).status).toBe(202);
    const secondCode = latestCode('chg-race', 'shared@example.com');

    expect((await post('/me/email/confirm', { code: firstCode }, first)).status).toBe(204);
    expect(await post('/me/email/confirm', { code: secondCode }, second)).toMatchObject({ status: 409, body: { reason: 'email_taken' } });
    const signedIn = await signIn('chg-race', 'shared@example.com');
    expect(claimsOf(signedIn.body.idToken).sub).toBe(claimsOf(first).sub);
    expect((await signIn('chg-race', 'fay@example.com')).status).toBe(200);
  });

  it('per shop: moving to an address that is a customer of another shop leaves that customer alone', async () => {
    await stack.system.createTenant('chg-shop-a');
    await stack.system.createTenant('chg-shop-b');
    const token = await customer('chg-shop-a', 'gil@example.com');
    await customer('chg-shop-b', 'both@example.com', 'Other-shop-pw-7!');

    expect((await post('/me/email', { newEmail: 'both@example.com', password: PASSWORD }, token)).status).toBe(202);
    expect(mailsTo('chg-shop-b', 'both@example.com')).toHaveLength(1);
    expect((await post('/me/email/confirm', { code: latestCode('chg-shop-a', 'both@example.com') }, token)).status).toBe(204);

    const inA = await signIn('chg-shop-a', 'both@example.com');
    expect(claimsOf(inA.body.idToken)).toMatchObject({ sub: claimsOf(token).sub, 'custom:tenant': 'chg-shop-a' });
    const inB = await signIn('chg-shop-b', 'both@example.com', 'Other-shop-pw-7!');
    expect(inB.status).toBe(200);
    expect(claimsOf(inB.body.idToken).sub).not.toBe(claimsOf(token).sub);
    expect((await signIn('chg-shop-b', 'both@example.com')).status).toBe(401);
  });
});
