import { resetConfig } from '../../src/config';
import { SYSTEM_TENANT } from '../../src/core/tenant-context';
import { bootstrapSystemAdmin } from '../../src/modules/identity';
import { totpCode, totpStep } from '../../src/modules/identity/totp';
import { latestCode, withCognitoAndSystem } from '../support/cognito';
import { useFrozenClock } from '../support/frozen-clock';

const PASSWORD = 'Correct-horse-9!';
const secretOf = (uri: string) => new URL(uri).searchParams.get('secret')!;

/**
 * TOTP as a second factor of our sign-in (Cognito's MFA is pool-wide and its tokens carry no MFA
 * claim): enrolment through /me/mfa/totp, `mfaCode` at sign-in, each code once. The clock is
 * frozen and moved by whole 30-second steps, so which code is fresh never depends on timing.
 */
describe('mfa: TOTP enrolment and sign-in with mfaCode (Cognito emulator, DynamoDB Local)', () => {
  const stack = withCognitoAndSystem();
  const clock = useFrozenClock();

  const post = (path: string, body: Record<string, unknown>, token?: string) => stack.system.request('POST', path, { body, token });

  it('computes the codes of RFC 6238 appendix B (SHA-1, 6 digits, 30 s)', () => {
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of "12345678901234567890"
    expect([59, 1111111109, 1234567890, 2000000000].map((t) => totpCode(rfcSecret, Math.floor(t / 30)))).toEqual(['287082', '081804', '005924', '279037']);
  });

  it('staff enrol TOTP; sign-in then needs a fresh mfaCode (missing, wrong or reused: 401 mfa_required); a code of it removes it', async () => {
    const shop = await stack.system.createTenant('mfa-staff');
    const invited = await post('/staff/invitations', { email: 'sam@example.com', roles: ['fulfilment'] }, shop.as('owner', 'the-owner'));
    expect(invited.status).toBe(201);
    const accepted = await post('/auth/accept-invitation', { tenant: 'mfa-staff', email: 'sam@example.com', code: latestCode('mfa-staff', 'sam@example.com'), password: PASSWORD });
    expect(accepted.status).toBe(204);
    const signIn = (mfaCode?: string) => post('/auth/sign-in', { tenant: 'mfa-staff', email: 'sam@example.com', password: PASSWORD, client: 'admin', ...(mfaCode ? { mfaCode } : {}) });
    const first = await signIn();
    expect(first.status).toBe(200);
    const token = first.body.idToken as string;

    const started = await post('/me/mfa/totp', {}, token);
    expect(started.status).toBe(201);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/shopstream%20mfa-staff%3Asam%40example\.com\?secret=[A-Z2-7]{32}&/);
    const secret = secretOf(started.body.otpauthUri);
    expect(started.body.secret).toBe(secret);
    // Not enrolled until confirmed: sign-in needs no code yet.
    expect((await signIn()).status).toBe(200);
    expect(await post('/me/mfa/totp/confirm', { code: 'abc' }, token)).toMatchObject({ status: 400, body: { fields: [{ field: 'code', problem: 'must be the six digits of your authenticator app' }] } });
    const confirmCode = totpCode(secret, totpStep());
    const wrong = confirmCode === '000000' ? '000001' : '000000';
    expect(await post('/me/mfa/totp/confirm', { code: wrong }, token)).toMatchObject({ status: 400, body: { reason: 'invalid_code' } });
    expect((await post('/me/mfa/totp/confirm', { code: confirmCode }, token)).status).toBe(204);
    expect((await post('/me/mfa/totp/confirm', { code: confirmCode }, token)).status).toBe(204);
    // Enrolled: a second start is refused, the secret stays.
    expect((await post('/me/mfa/totp', {}, token)).status).toBe(409);

    expect(await signIn()).toMatchObject({ status: 401, body: { reason: 'mfa_required' } });
    expect(await signIn(wrong)).toMatchObject({ status: 401, body: { reason: 'mfa_required' } });
    // The code of the confirmation is spent.
    expect(await signIn(confirmCode)).toMatchObject({ status: 401, body: { reason: 'mfa_required' } });
    clock.advance(30_000);
    const fresh = totpCode(secret, totpStep());
    const withCode = await signIn(fresh);
    expect(withCode.status).toBe(200);
    expect(withCode.body.idToken).toEqual(expect.any(String));
    // Each code once: the same code again is refused.
    expect(await signIn(fresh)).toMatchObject({ status: 401, body: { reason: 'mfa_required' } });
    // A wrong password is still the one refusal, whatever the code.
    expect(await post('/auth/sign-in', { tenant: 'mfa-staff', email: 'sam@example.com', password: 'Wrong-horse-9!', client: 'admin', mfaCode: fresh })).toMatchObject({ status: 401, body: { reason: 'invalid_credentials' } });

    clock.advance(30_000);
    expect(await stack.system.request('DELETE', '/me/mfa/totp', { body: { code: wrong }, token })).toMatchObject({ status: 400, body: { reason: 'invalid_code' } });
    expect((await stack.system.request('DELETE', '/me/mfa/totp', { body: { code: totpCode(secret, totpStep()) }, token })).status).toBe(204);
    expect((await stack.system.request('DELETE', '/me/mfa/totp', { body: { code: totpCode(secret, totpStep()) }, token })).status).toBe(204);
    expect((await signIn()).status).toBe(200);
  });

  describe('with STAFF_MFA_REQUIRED=true (the AWS stack sets it)', () => {
    beforeAll(() => {
      process.env.STAFF_MFA_REQUIRED = 'true';
      resetConfig();
    });
    afterAll(() => {
      delete process.env.STAFF_MFA_REQUIRED;
      resetConfig();
    });

    it('staff without TOTP get no tokens but 403 mfa_enrolment_required and a ticket that opens only the enrolment; enrolled, sign-in needs mfaCode; customers need none', async () => {
      const shop = await stack.system.createTenant('mfa-forced');
      expect((await post('/staff/invitations', { email: 'sam@example.com', roles: ['support'] }, shop.as('owner', 'the-owner'))).status).toBe(201);
      expect((await post('/auth/accept-invitation', { tenant: 'mfa-forced', email: 'sam@example.com', code: latestCode('mfa-forced', 'sam@example.com'), password: PASSWORD })).status).toBe(204);
      const signIn = (mfaCode?: string) => post('/auth/sign-in', { tenant: 'mfa-forced', email: 'sam@example.com', password: PASSWORD, client: 'admin', ...(mfaCode ? { mfaCode } : {}) });

      const refused = await signIn();
      expect(refused).toMatchObject({ status: 403, body: { reason: 'mfa_enrolment_required', enrolmentExpiresIn: 600 } });
      expect(refused.body.idToken).toBeUndefined();
      const ticket = refused.body.enrolmentToken as string;
      expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The ticket is no bearer token: the guard refuses it on every other route.
      expect((await stack.system.request('GET', '/orders', { token: ticket })).status).toBe(401);
      expect((await post('/me/mfa/totp', {}, ticket)).status).toBe(401);
      // A wrong password still gets the one refusal, never a ticket.
      const wrongPassword = await post('/auth/sign-in', { tenant: 'mfa-forced', email: 'sam@example.com', password: 'Wrong-horse-9!', client: 'admin' });
      expect(wrongPassword).toMatchObject({ status: 401, body: { reason: 'invalid_credentials' } });
      expect(wrongPassword.body.enrolmentToken).toBeUndefined();
      // Another shop's ticket, or a made-up one, opens nothing.
      expect(await post('/auth/mfa-enrolment', { tenant: 'mfa-forced', enrolmentToken: 'A'.repeat(43) })).toMatchObject({ status: 401, body: { reason: 'invalid_credentials' } });
      expect(await post('/auth/mfa-enrolment', { tenant: 'mfa-forced', enrolmentToken: 'short' })).toMatchObject({ status: 400, body: { fields: [{ field: 'enrolmentToken', problem: 'must be the enrolmentToken of the sign-in' }] } });

      const started = await post('/auth/mfa-enrolment', { tenant: 'mfa-forced', enrolmentToken: ticket });
      expect(started.status).toBe(201);
      const secret = secretOf(started.body.otpauthUri);
      // Started, not confirmed: still no tokens.
      expect(await signIn()).toMatchObject({ status: 403, body: { reason: 'mfa_enrolment_required' } });
      const code = totpCode(secret, totpStep());
      expect(await post('/auth/mfa-enrolment/confirm', { tenant: 'mfa-forced', enrolmentToken: ticket, code: code === '000000' ? '000001' : '000000' })).toMatchObject({ status: 400, body: { reason: 'invalid_code' } });
      expect((await post('/auth/mfa-enrolment/confirm', { tenant: 'mfa-forced', enrolmentToken: ticket, code })).status).toBe(204);
      // A retry answers the same; a new start is refused (enrolled).
      expect((await post('/auth/mfa-enrolment/confirm', { tenant: 'mfa-forced', enrolmentToken: ticket, code })).status).toBe(204);
      expect((await post('/auth/mfa-enrolment', { tenant: 'mfa-forced', enrolmentToken: ticket })).status).toBe(409);

      expect(await signIn()).toMatchObject({ status: 401, body: { reason: 'mfa_required' } });
      clock.advance(30_000);
      const withCode = await signIn(totpCode(secret, totpStep()));
      expect(withCode.status).toBe(200);
      expect((await stack.system.request('GET', '/orders', { token: withCode.body.idToken })).status).toBe(200);

      // Customers are not staff: TOTP stays optional for them.
      expect((await post('/auth/sign-up', { tenant: 'mfa-forced', email: 'cy@example.com', password: PASSWORD })).status).toBe(202);
      expect((await post('/auth/verify-email', { tenant: 'mfa-forced', email: 'cy@example.com', code: latestCode('mfa-forced', 'cy@example.com') })).status).toBe(204);
      expect((await post('/auth/sign-in', { tenant: 'mfa-forced', email: 'cy@example.com', password: PASSWORD, client: 'storefront' })).status).toBe(200);
    });

    it("holds the platform's operators to it too: a system admin without TOTP gets the enrolment ticket, not tokens", async () => {
      const made = await bootstrapSystemAdmin('mfa-ops@ops.example');
      const signIn = (mfaCode?: string) =>
        post('/auth/sign-in', { tenant: SYSTEM_TENANT, email: 'mfa-ops@ops.example', password: made.password, client: 'admin', ...(mfaCode ? { mfaCode } : {}) });
      const refused = await signIn();
      expect(refused).toMatchObject({ status: 403, body: { reason: 'mfa_enrolment_required' } });
      expect(refused.body.idToken).toBeUndefined();
      const ticket = refused.body.enrolmentToken as string;
      const started = await post('/auth/mfa-enrolment', { tenant: SYSTEM_TENANT, enrolmentToken: ticket });
      expect(started.status).toBe(201);
      const secret = secretOf(started.body.otpauthUri);
      expect((await post('/auth/mfa-enrolment/confirm', { tenant: SYSTEM_TENANT, enrolmentToken: ticket, code: totpCode(secret, totpStep()) })).status).toBe(204);
      clock.advance(30_000);
      const withCode = await signIn(totpCode(secret, totpStep()));
      expect(withCode.status).toBe(200);
      expect((await stack.system.request('GET', '/tenants', { token: withCode.body.idToken })).status).toBe(200);
    });
  });
});
