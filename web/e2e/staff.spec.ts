/**
 * Staff and Settings: the owner invites a fulfilment member through the screen, the invitee accepts
 * with the mailed code and signs in to the fulfilment sections only; the owner changes their role
 * and disables them, and the API goes along on the member's next call. Settings: a change kept
 * across a reload (the time zone reaching the admin's dates), a 400 next to its input, and a stale
 * version's conflict dialog. Asserts only on what this journey made (its own address, its settings).
 */
import { expect, test, type Page } from '@playwright/test';
import { SHOP } from './global-setup';
import { admin, checkPage, demoUser, mailedCode, post, signInThroughForm, signInWithToken } from './support';

const PASSWORD = 'Staff-journey-pass-42';

/** Any call to the API as JSON (an idempotency key on each): the status and the body. */
async function call(method: string, path: string, token: string, body?: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const reply = await fetch(`${process.env.WEB_API}${path}`, { method, headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), authorization: `Bearer ${token}` }, body: body && JSON.stringify(body) });
  const text = await reply.text();
  return { status: reply.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The list reads a table the stream fills: read it again until the row says what is expected. */
async function rowOnceListed(page: Page, email: string, text: string) {
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(text, { timeout: 2_000 });
  }).toPass();
  return row;
}

test('the owner invites a fulfilment member, changes their role and disables them; the API follows at once', async ({ page, browser }) => {
  const owner = demoUser('owner');
  const signedIn = await post('/auth/sign-in', { tenant: SHOP, email: owner.email, password: owner.password, client: owner.client });
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
  await signInWithToken(page, signedIn.body.idToken as string);
  await page.goto(`${admin()}/staff`);
  await checkPage(page, 'staff', () => expect(page.getByRole('region', { name: 'Staff accounts' }).getByText(owner.email)).toBeVisible());

  // The last owner stays owner: the refusal in words.
  await page.getByRole('button', { name: `Change the roles of ${owner.email}` }).click();
  const rolesDialog = page.getByRole('dialog');
  await rolesDialog.getByLabel('Owner').uncheck();
  await rolesDialog.getByLabel('Shop admin').check();
  await rolesDialog.getByRole('button', { name: 'Save' }).click();
  await expect(rolesDialog.getByRole('alert')).toContainText('The shop must keep one active owner: make another staff member owner first.');
  await rolesDialog.getByRole('button', { name: 'Cancel' }).click();

  // Invite: the API's 400 lands next to the email; then the invitation goes out.
  const email = 'staff-journey@web.example';
  await page.getByRole('button', { name: 'Invite staff' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite a staff member' });
  await invite.getByLabel('Email').fill('not-an-address');
  await invite.getByLabel('Fulfilment').check();
  await checkPage(page, 'staff-invite', () => expect(invite.getByLabel('Email')).toBeVisible());
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(invite.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  const since = new Date();
  await invite.getByLabel('Email').fill(email);
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(invite).toBeHidden();
  await rowOnceListed(page, email, 'Invitation pending');

  // The invitee accepts with the mailed code and signs in to the fulfilment sections only.
  const code = await mailedCode(email, since);
  expect((await post('/auth/accept-invitation', { tenant: SHOP, email, code, password: PASSWORD })).status).toBe(204);
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await member.goto(`${admin()}/sign-in`);
  await signInThroughForm(member, email, PASSWORD);
  await expect(member).toHaveURL(`${admin()}/orders`);
  await expect(member.getByRole('navigation', { name: 'Sections' }).getByRole('link')).toHaveText(['Home', 'Orders', 'Products', 'Inventory']);
  const token = await member.evaluate(() => (JSON.parse(sessionStorage.getItem('shopstream.session')!) as { tokens: { idToken: string } }).tokens.idToken);
  expect((await call('GET', '/customers', token)).status).toBe(403);
  await memberContext.close();

  // Support from now on: the same token reads customers on its next call.
  const row = await rowOnceListed(page, email, 'Active');
  await page.getByRole('button', { name: `Change the roles of ${email}` }).click();
  await page.getByRole('dialog').getByLabel('Fulfilment').uncheck();
  await page.getByRole('dialog').getByLabel('Support').check();
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(row).toContainText('Support');
  expect((await call('GET', '/customers', token)).status).toBe(200);

  // Disabled: refused on the next call, whatever token they hold; enabled again, let in again.
  await row.getByRole('button', { name: `Disable ${email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  const refused = await call('GET', '/customers', token);
  expect(refused.status).toBe(403);
  expect(refused.body.reason).toBe('account_disabled');
  await row.getByRole('button', { name: `Enable ${email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('Active');
  expect((await call('GET', '/customers', token)).status).toBe(200);
});

test("settings: a change survives a reload, the time zone reaches the admin's dates, a 400 sits by its input, a stale version opens the conflict dialog", async ({ page }) => {
  const token = process.env.WEB_ADMIN_TOKEN!;
  const start = (await call('GET', '/settings', token)).body as { version: number; maxCartLines: number };
  await signInWithToken(page, token);
  await page.goto(`${admin()}/settings`);
  const limits = page.getByRole('form', { name: 'Limits' });
  const shop = page.getByRole('form', { name: 'Shop' });
  await checkPage(page, 'settings', () => expect(limits.getByLabel('Lines per cart')).toHaveValue(String(start.maxCartLines)));

  await limits.getByLabel('Lines per cart').fill('60');
  await limits.getByRole('button', { name: 'Save' }).click();
  await expect(limits.getByRole('status')).toHaveText(`Saved: the settings are at version ${start.version + 1}`);
  await shop.getByLabel('Time zone').fill('Mars/Olympus_Mons');
  await shop.getByRole('button', { name: 'Save' }).click();
  await expect(shop.getByText('must be an IANA time zone such as Europe/Berlin')).toBeVisible();
  await shop.getByLabel('Time zone').fill('Pacific/Kiritimati');
  await shop.getByRole('button', { name: 'Save' }).click();
  await expect(shop.getByRole('status')).toHaveText(`Saved: the settings are at version ${start.version + 2}`);
  await expect(page.getByText('Dates are shown in Pacific/Kiritimati.')).toBeVisible();

  await page.reload();
  await expect(limits.getByLabel('Lines per cart')).toHaveValue('60');
  await expect(shop.getByLabel('Time zone')).toHaveValue('Pacific/Kiritimati');
  // Read before the screen: the zone is in force after a reload, before Settings is opened.
  await expect(page.getByText('Dates are shown in Pacific/Kiritimati.')).toBeVisible();

  // Someone else saves meanwhile: this page's version is stale.
  expect((await call('PATCH', '/settings', token, { expectedVersion: start.version + 2, maxCartLines: 70 })).status).toBe(200);
  await limits.getByLabel('Lines per cart').fill('55');
  await limits.getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('dialog', { name: 'Someone changed this in the meantime' });
  await expect(conflict.getByRole('row', { name: /Lines per cart/ })).toHaveText(/Lines per cart\s*70\s*55/);
  await expect(conflict).toContainText(`web-admin saved version ${start.version + 3} at`);
  await checkPage(page, 'settings-conflict', () => expect(conflict).toBeVisible());
  await conflict.getByRole('button', { name: 'Reload their version' }).click();
  await expect(conflict).toBeHidden();
  await expect(limits.getByLabel('Lines per cart')).toHaveValue('70');

  // Back to what the journeys after this one expect: the default lines, the browser's own zone.
  const now = (await call('GET', '/settings', token)).body as { version: number };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  expect((await call('PATCH', '/settings', token, { expectedVersion: now.version, maxCartLines: start.maxCartLines, timeZone: zone })).status).toBe(200);
});
