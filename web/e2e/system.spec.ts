/**
 * The platform's side of the admin (issue 22): a system admin (tenant `system`) sees Tenants only,
 * creates a tenant, changes its limits, meets another admin's change (the 409 says who and when),
 * and disables it; and a staff member with TOTP enrolled signs in with a code computed here
 * (RFC 6238 with node:crypto), a wrong code refused in words.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SHOP } from './global-setup';
import { admin, checkPage, mailedCode, post, signInThroughForm, signInWithToken } from './support';

const repo = resolve(__dirname, '..', '..');
const run = promisify(execFile);
/**
 * A development token of this stack (scripts/token.ts). Run without blocking: a synchronous child
 * would stall the event loop while the API closes an idle keep-alive connection, and the next
 * fetch would go out on the closed socket.
 */
const token = async (role: string, user: string) => {
  const { stdout } = await run(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), 'scripts/token.ts', '--tenant', SHOP, '--role', role, '--user', user, '--email', `${user}@web.example`], { cwd: repo, env: { ...process.env, DATA_DIR: process.env.WEB_DATA_DIR, TABLE_PREFIX: '' }, encoding: 'utf8' });
  return stdout.trim();
};

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function call(who: string, method: string, path: string, body?: object): Promise<Body> {
  const reply = await fetch(`${process.env.WEB_API}${path}`, { method, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) });
  const text = await reply.text();
  expect(reply.ok, `${method} ${path}: ${reply.status} ${text}`).toBe(true);
  return text ? (JSON.parse(text) as Body) : {};
}

/** RFC 6238 (HMAC-SHA-1, 6 digits, 30 s) of a base32 secret: what an authenticator app shows. */
const stepNow = () => Math.floor(Date.now() / 30_000);
function totp(secret: string, step: number): string {
  let bits = '';
  for (const char of secret) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('a system admin sees Tenants only, creates a tenant, changes its limits through a conflict, and disables it', async ({ page }) => {
  const systemAdmin = await token('system-admin', 'web-sysadmin');
  await signInWithToken(page, systemAdmin);
  await page.goto(admin());
  // A system admin has no shop: the first (and only) section is where they land.
  await expect(page).toHaveURL(`${admin()}/tenants`);
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link')).toHaveText(['Tenants']);
  const list = page.getByRole('region', { name: 'Tenants' });
  await checkPage(page, 'tenants', () => expect(list.getByRole('link', { name: 'Open demo' })).toBeVisible());

  const code = `web-${Date.now().toString(36)}`;
  await page.getByRole('button', { name: 'New tenant' }).click();
  const dialog = page.getByRole('dialog', { name: 'New tenant' });
  await dialog.getByLabel('Code').fill('Not A Code');
  await dialog.getByLabel('Name').fill('Web suite shop');
  await dialog.getByLabel('Currency').fill('EUR');
  await dialog.getByRole('button', { name: 'Save' }).click();
  // The API's 400 lands next to its input.
  await expect(dialog.getByText('must be 2-40 lower-case letters, digits or dashes')).toBeVisible();
  await dialog.getByLabel('Code').fill(code);
  await dialog.getByLabel('Contact email').fill('owner@web-suite.example');
  await dialog.getByRole('button', { name: 'Save' }).click();

  await expect(page).toHaveURL(`${admin()}/tenants/${code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tenant ${code}`);
  expect((await call(systemAdmin, 'GET', `/tenants/${code}`)).attributes).toMatchObject({ enabled: true, currency: 'EUR', contactEmail: 'owner@web-suite.example' });
  await checkPage(page, 'tenant', () => expect(page.getByRole('button', { name: 'Disable tenant' })).toBeVisible());

  // Another system admin renames the tenant while this page shows version 1.
  const other = await token('system-admin', 'web-sysadmin-2');
  await call(other, 'PATCH', `/tenants/${code}`, { expectedVersion: 1, name: 'Renamed elsewhere' });
  await page.getByLabel('maxLineQuantity').fill('50');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'it is now at version 2' });
  await expect(conflict).toContainText(/Changed by web-sysadmin-2 at /);
  await conflict.getByRole('button', { name: 'Reload' }).click();
  // What was typed stays; saved on top of version 2.
  await expect(page.getByLabel('maxLineQuantity')).toHaveValue('50');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(async () => (await call(systemAdmin, 'GET', `/tenants/${code}`)).attributes.limits).toEqual({ maxLineQuantity: 50 });

  await page.getByRole('button', { name: 'Disable tenant' }).click();
  await expect(page.getByText(`Tenant ${code} is disabled`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enable tenant' })).toBeVisible();
  expect((await call(systemAdmin, 'GET', `/tenants/${code}`)).attributes.enabled).toBe(false);

  // The list (read model) shows it disabled, by its own code.
  await page.getByRole('link', { name: 'All tenants' }).click();
  const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: `Open ${code}` }) });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText('Disabled', { timeout: 2_000 });
  }).toPass();
});

test("a system admin creates a tenant with its owner's email; the owner accepts the mailed invitation and signs in to the new shop", async ({ page, browser }) => {
  const systemAdmin = await token('system-admin', 'web-sysadmin-owner');
  await signInWithToken(page, systemAdmin);
  await page.goto(`${admin()}/tenants`);
  const code = `own-${Date.now().toString(36)}`;
  const owner = `owner@${code}.example`;
  const since = new Date();
  await page.getByRole('button', { name: 'New tenant' }).click();
  const dialog = page.getByRole('dialog', { name: 'New tenant' });
  await dialog.getByLabel('Code').fill(code);
  await dialog.getByLabel('Name').fill('Owned shop');
  await dialog.getByLabel("Owner's email (gets an invitation)").fill(owner);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(`${admin()}/tenants/${code}`);
  const invitationCode = await mailedCode(owner, since, code);

  // Another owner, from the tenant's page (POST /tenants/{code}/owner-invitations).
  const second = `second@${code}.example`;
  await page.getByLabel("Owner's email", { exact: true }).fill(second);
  await page.getByRole('button', { name: 'Invite an owner' }).click();
  await expect(page.getByText(`Invitation sent to ${second}`, { exact: true })).toBeVisible();
  await mailedCode(second, since, code);

  // The owner, in a browser of their own: accept, then sign in to the new shop.
  const context = await browser.newContext();
  const ownerPage = await context.newPage();
  await ownerPage.goto(`${admin()}/accept-invitation?tenant=${code}&email=${encodeURIComponent(owner)}`);
  await ownerPage.getByLabel('Invitation code').fill(invitationCode);
  await ownerPage.getByLabel('Choose a password').fill('Owner-of-the-shop-1');
  await ownerPage.getByRole('button', { name: 'Join the shop' }).click();
  await expect(ownerPage.getByText('You have joined the shop. Sign in to start.')).toBeVisible();
  await ownerPage.getByRole('link', { name: 'Sign in' }).click();
  await signInThroughForm(ownerPage, owner, 'Owner-of-the-shop-1', code);
  await expect(ownerPage.getByText(`Signed in as ${owner} (${code})`)).toBeVisible();
  // An owner sees the Staff section, and themselves in it as owner.
  await ownerPage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Staff' }).click();
  await expect(async () => {
    await ownerPage.reload();
    await expect(ownerPage.getByRole('row').filter({ hasText: owner })).toContainText(/owner/i, { timeout: 2_000 });
  }).toPass();
  await context.close();
});

test('a staff member with TOTP enrolled signs in with password, then the code; a wrong code is refused in words', async ({ page }) => {
  // A new staff member of the shop (invited by a development owner token), with TOTP enrolled through the API.
  const email = 'totp-staff@web.example';
  const password = 'Web-suite-totp-42';
  const since = new Date();
  await call(await token('owner', 'web-totp-owner'), 'POST', '/staff/invitations', { email, roles: ['tenant-admin'] });
  expect((await post('/auth/accept-invitation', { tenant: SHOP, email, code: await mailedCode(email, since), password })).status).toBe(204);
  const signedIn = await post('/auth/sign-in', { tenant: SHOP, email, password, client: 'admin' });
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
  const { secret } = await call(signedIn.body.idToken as string, 'POST', '/me/mfa/totp');
  let used = stepNow();
  await call(signedIn.body.idToken as string, 'POST', '/me/mfa/totp/confirm', { code: totp(secret, used) });

  await page.goto(`${admin()}/sign-in`);
  await signInThroughForm(page, email, password);
  await expect(page.getByText('Enter the code from your authenticator app.')).toBeVisible();
  const codeInput = page.getByLabel('Authentication code');
  await checkPage(page, 'sign-in-totp', () => expect(codeInput).toBeVisible());

  // A code of none of the steps the API accepts now.
  const near = [-1, 0, 1, 2].map((d) => totp(secret, stepNow() + d));
  await codeInput.fill(['000000', '111111', '222222', '333333', '444444'].find((c) => !near.includes(c))!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That code is not right, or it was used already. Enter the current code from your authenticator app.')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  // Each code works once: the next step's code (one step ahead is accepted), or the current one.
  used = Math.max(used + 1, stepNow());
  await codeInput.fill(totp(secret, used));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Signed in as ${email} (${SHOP})`)).toBeVisible();
});
