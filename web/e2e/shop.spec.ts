/**
 * The shop-management screens (issue 22): categories, customers, coupons, tax rates, shipping and
 * publishable keys. Signed in with the development token of a tenant admin (support.ts); the
 * customer journey signs the demo customer in once through the API, to give them a profile staff
 * can open.
 */
import { expect, test } from '@playwright/test';
import { SHOP } from './global-setup';
import { admin, checkPage, demoUser, post, signInWithToken } from './support';

/** A JSON call to the API as the tenant admin (an Idempotency-Key on mutations). */
async function call(method: string, path: string, body?: object, token = process.env.WEB_ADMIN_TOKEN!) {
  const reply = await fetch(`${process.env.WEB_API}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) });
  return { status: reply.status, body: (await reply.json().catch(() => ({}))) as Record<string, unknown> };
}

test.describe('shop management, as a tenant admin', () => {
  // Each journey checks several screens (axe and screenshots at two widths and themes each).
  test.describe.configure({ timeout: 360_000 });
  test.beforeEach(async ({ page }) => {
    await signInWithToken(page);
  });

  test('categories: a tree of parents and children; create, reorder with the keyboard, rename', async ({ page }) => {
    for (const [code, position] of [['web-cat-a', 0], ['web-cat-b', 1]] as const) {
      expect((await call('POST', '/categories', { code, name: `Aisle ${code.slice(-1).toUpperCase()}`, slug: code, position })).status).toBe(201);
    }
    await page.goto(`${admin()}/categories`);
    const tree = page.getByRole('tree', { name: 'Category tree' });
    const top = tree.locator(':scope > li');
    await expect(top).toHaveText([/Aisle A/, /Aisle B/]);
    await checkPage(page, 'categories', () => expect(top).toHaveCount(2));

    // A child of Aisle A, through the form.
    await page.getByRole('button', { name: 'Add a subcategory to Aisle A' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Code').fill('web-cat-a1');
    await dialog.getByLabel('Name').fill('Shelf A1');
    await dialog.getByLabel('Slug').fill('web-cat-a1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(tree.getByRole('treeitem', { name: 'Aisle A' }).getByRole('group').getByRole('treeitem')).toHaveText(/Shelf A1/);

    // A slug in use: the API's 409 names the field, shown next to its input; nothing is written.
    await page.getByRole('button', { name: 'New category' }).click();
    await dialog.getByLabel('Code').fill('web-cat-c');
    await dialog.getByLabel('Name').fill('Aisle C');
    await dialog.getByLabel('Slug').fill('web-cat-b');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByLabel('Slug')).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await call('GET', '/categories/web-cat-c')).status).toBe(404);

    // Reorder with the keyboard: Aisle B up, before Aisle A; the API keeps the new positions.
    await page.getByRole('button', { name: 'Move Aisle B up' }).focus();
    await page.keyboard.press('Enter');
    await expect(top).toHaveText([/Aisle B/, /Aisle A/]);
    await page.reload();
    await expect(top).toHaveText([/Aisle B/, /Aisle A/]);
    const positions = await Promise.all(['web-cat-a', 'web-cat-b'].map(async (code) => ((await call('GET', `/categories/${code}`)).body.attributes as { position: number }).position));
    expect(positions[1]).toBeLessThan(positions[0]);

    // Rename Aisle A; someone else's change in between is a 409 with a reload that keeps the typing.
    await page.getByRole('button', { name: 'Edit Aisle A' }).click();
    const current = await call('GET', '/categories/web-cat-a');
    expect((await call('PATCH', '/categories/web-cat-a', { expectedVersion: current.body.version, description: 'changed meanwhile' })).status).toBe(200);
    await dialog.getByLabel('Name').fill('Aisle Alpha');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Someone changed this since you opened it');
    await dialog.getByRole('button', { name: 'Reload' }).click();
    // Reloaded (the notice goes once the newest version is read): what was typed is still there.
    await expect(dialog.getByRole('alert')).toBeHidden();
    await expect(dialog.getByLabel('Name')).toHaveValue('Aisle Alpha');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(top).toHaveText([/Aisle B/, /Aisle Alpha/]);
    expect((await call('GET', '/categories/web-cat-a')).body.name).toBe('Aisle Alpha');
  });

  test('coupons: create one with its rules and see it listed; edit, the redemption ledger, delete', async ({ page }) => {
    await page.goto(`${admin()}/coupons`);
    await expect(page.getByText('No coupons yet')).toBeVisible();
    await page.getByRole('button', { name: 'New coupon' }).click();
    const dialog = page.getByRole('dialog', { name: 'New coupon' });
    await dialog.getByLabel('Code').fill('WEB10');
    await dialog.getByLabel('Percent off').fill('10');
    await dialog.getByLabel('Minimum eligible subtotal').fill('not money');
    await dialog.getByLabel('Uses in total').fill('100');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // Checked before sending: the input says what is wrong, nothing is created.
    await expect(dialog.getByText('Enter a number')).toBeVisible();
    await dialog.getByLabel('Minimum eligible subtotal').fill('20.00');
    await dialog.getByLabel('Largest discount').fill('5');
    await checkPage(page, 'coupon-new', () => expect(dialog).toBeVisible());
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();

    const rows = page.getByRole('region', { name: 'Coupons' }).locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('WEB10');
    await expect(rows.first()).toContainText('10 %');
    await expect(rows.first()).toContainText('0 / 100');
    await checkPage(page, 'coupons', () => expect(rows).toHaveCount(1));
    const stored = (await call('GET', '/coupons/WEB10')).body as { attributes: Record<string, unknown> };
    expect(stored.attributes).toMatchObject({ kind: 'percentage', value: 1000, currency: 'USD', minimumSubtotal: 2000, maxDiscount: 500, usageLimit: 100, active: true });

    // The same code again: the API's 409, in words.
    await page.getByRole('button', { name: 'New coupon' }).click();
    await dialog.getByLabel('Code').fill('web10');
    await dialog.getByLabel('Percent off').fill('5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('This was not saved');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'WEB10' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coupon WEB10');
    await expect(page.getByText('Not redeemed yet')).toBeVisible();
    await expect(page.getByLabel('Minimum eligible subtotal')).toHaveValue('20.00');
    await page.getByLabel('Percent off').fill('15');
    await page.getByLabel('Uses per customer').fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Version 2,')).toBeVisible();
    expect(((await call('GET', '/coupons/WEB10')).body.attributes as Record<string, unknown>)).toMatchObject({ value: 1500, perCustomerLimit: 1 });
    await checkPage(page, 'coupon-detail', () => expect(page.getByText('Not redeemed yet')).toBeVisible());

    await page.getByRole('button', { name: 'Delete the coupon' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete the coupon' }).click();
    await expect(page.getByText('inactive', { exact: true })).toBeVisible();
    expect(((await call('GET', '/coupons/WEB10')).body.attributes as Record<string, unknown>).active).toBe(false);
  });

  test('customers: filters in the URL; the detail shows orders and lifetime value; disable and enable', async ({ page }) => {
    // The demo customer writes a profile (a real sign-in through the API, once).
    const customer = demoUser('customer');
    const signIn = await post('/auth/sign-in', { tenant: SHOP, email: customer.email, password: customer.password, client: customer.client });
    expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
    const token = signIn.body.idToken as string;
    const me = await call('GET', '/me', undefined, token);
    expect((await call('PATCH', '/me', { expectedVersion: me.body.version ?? 0, name: 'Demo Customer' }, token)).status).toBe(200);
    // The list reads the read model the stream fills: open it once the profile is there.
    await expect.poll(async () => JSON.stringify((await call('GET', '/customers')).body), { timeout: 90_000, message: 'the demo customer in GET /customers' }).toContain('Demo Customer');

    await page.goto(`${admin()}/customers`);
    const rows = page.getByRole('region', { name: 'Customers' }).locator('tbody tr');
    // The buyer of the seeded orders (no profile) and the demo customer, once the read model has them.
    await expect(page.getByRole('link', { name: 'Demo Customer' })).toBeVisible();
    await expect(rows.filter({ hasText: 'buyer@web.example' })).toContainText('no profile yet');
    await checkPage(page, 'customers', () => expect(page.getByRole('link', { name: 'Demo Customer' })).toBeVisible());

    await page.getByRole('combobox', { name: 'Orders' }).click();
    await page.getByRole('option', { name: 'With orders' }).click();
    await expect(page).toHaveURL(/[?&]hasOrders=true/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('buyer@web.example');
    await expect(rows.first()).toContainText('3');
    await page.reload();
    await expect(rows).toHaveCount(1);
    await page.goBack();
    await expect(page.getByRole('link', { name: 'Demo Customer' })).toBeVisible();

    await page.getByLabel('Name or email').fill('demo');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/[?&]q=demo/);
    await expect(rows).toHaveCount(1);

    await page.getByRole('link', { name: 'Demo Customer' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demo Customer');
    await expect(page.getByRole('region', { name: 'Profile' })).toContainText(customer.email);
    await expect(page.getByText('No orders yet')).toBeVisible();
    await checkPage(page, 'customer-detail', () => expect(page.getByRole('region', { name: 'Profile' })).toBeVisible());

    await page.getByRole('button', { name: 'Disable the customer' }).click();
    await expect(page.getByRole('button', { name: 'Enable the customer' })).toBeVisible();
    // Refused on their next request.
    expect((await call('GET', '/me', undefined, token)).status).toBe(403);
    await page.getByRole('button', { name: 'Enable the customer' }).click();
    await expect(page.getByRole('button', { name: 'Disable the customer' })).toBeVisible();
    expect((await call('GET', '/me', undefined, token)).status).toBe(200);
  });

  test('tax rates: create, edit the rate, retire; typed in percent, stored in basis points', async ({ page }) => {
    await page.goto(`${admin()}/tax-rates`);
    await expect(page.getByText('No tax rates yet')).toBeVisible();
    await page.getByRole('button', { name: 'New tax rate' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Code').fill('WEB-US-CA');
    await dialog.getByLabel('Country').fill('us');
    await dialog.getByLabel('Region').fill('CA');
    await dialog.getByLabel('Rate (percent)').fill('7.25');
    await dialog.getByLabel('Name').fill('CA sales tax');
    await checkPage(page, 'tax-rate-new', () => expect(dialog).toBeVisible());
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const rows = page.getByRole('region', { name: 'Tax rates' }).locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('7.25 %');
    await checkPage(page, 'tax-rates', () => expect(rows).toHaveCount(1));
    expect((await call('GET', '/tax-rates/WEB-US-CA')).body.attributes).toMatchObject({ country: 'US', region: 'CA', taxClass: 'standard', rateBps: 725, active: true });

    // The same place and class again: the API's 409 (an active rate applies already), in words.
    await page.getByRole('button', { name: 'New tax rate' }).click();
    await dialog.getByLabel('Code').fill('WEB-US-CA-2');
    await dialog.getByLabel('Country').fill('US');
    await dialog.getByLabel('Region').fill('CA');
    await dialog.getByLabel('Rate (percent)').fill('8');
    await dialog.getByLabel('Name').fill('Again');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('This was not saved');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Edit tax rate WEB-US-CA' }).click();
    await dialog.getByLabel('Rate (percent)').fill('7.5');
    await dialog.getByLabel(/^Active/).uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(rows.first()).toContainText('7.5 %');
    await expect(rows.first()).toContainText('inactive');
    expect((await call('GET', '/tax-rates/WEB-US-CA')).body.attributes).toMatchObject({ rateBps: 750, active: false });
  });

  test('shipping: a zone, then a method serving it; weight tiers checked before sending; edit the rate', async ({ page }) => {
    await page.goto(`${admin()}/shipping`);
    await expect(page.getByText('No shipping zones yet')).toBeVisible();
    await checkPage(page, 'shipping-empty', () => expect(page.getByText('No shipping methods yet')).toBeVisible());
    await page.getByRole('button', { name: 'New zone' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Code', { exact: true }).fill('web-us');
    await dialog.getByLabel('Name').fill('Web US');
    await dialog.getByLabel('Countries').fill('us');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const zones = page.getByRole('region', { name: 'Shipping zones' }).locator('tbody tr');
    await expect(zones).toHaveCount(1);
    await expect(zones.first()).toContainText('US');

    await page.getByRole('button', { name: 'New method' }).click();
    await dialog.getByLabel('Code', { exact: true }).fill('web-ground');
    await dialog.getByLabel('Name', { exact: true }).fill('Ground');
    await dialog.getByLabel('How it is priced').selectOption('weight_tiers');
    await dialog.getByLabel('Weight tiers').fill('1000: 490\nheavy');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('Each line: grams, a colon, a price in minor units')).toBeVisible();
    await dialog.getByLabel('Weight tiers').fill('1000: 490\n5000: 990');
    await checkPage(page, 'shipping-method', () => expect(dialog).toBeVisible());
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const methods = page.getByRole('region', { name: 'Shipping methods' }).locator('tbody tr');
    await expect(methods).toHaveCount(1);
    await expect(methods.first()).toContainText('by weight (2 tiers)');
    await expect(methods.first()).toContainText('Web US');
    await checkPage(page, 'shipping', () => expect(methods).toHaveCount(1));

    await page.getByRole('button', { name: 'Edit method web-ground' }).click();
    await dialog.getByLabel('How it is priced').selectOption('free_above');
    await dialog.getByLabel('Price', { exact: true }).fill('590');
    await dialog.getByLabel('Free from a subtotal of').fill('5000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(methods.first()).toContainText('590, free from 5000');
    expect((await call('GET', '/shipping-methods/web-ground')).body.attributes).toMatchObject({ zoneCode: 'web-us', rate: { kind: 'free_above', amount: 590, freeAbove: 5000 }, active: true });
  });

  test('publishable keys: a new key is shown once with a copy button and a warning; revoke refuses it', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${admin()}/publishable-keys`);
    await page.getByRole('button', { name: 'New key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create the key' }).click();
    await expect(dialog.getByText('Required')).toBeVisible();
    await dialog.getByLabel('Label').fill('web journey');
    await dialog.getByRole('button', { name: 'Create the key' }).click();
    await expect(dialog.getByText('it is shown this once')).toBeVisible();
    const key = await dialog.getByLabel('The new key').inputValue();
    expect(key).toMatch(/^pk_/);
    await checkPage(page, 'publishable-key-new', () => expect(dialog.getByLabel('The new key')).toBeVisible());
    await dialog.getByRole('button', { name: 'Copy the key' }).click();
    await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('region', { name: 'Publishable keys' }).locator('tbody tr', { hasText: 'web journey' });
    await expect(row).toContainText(key.slice(-4));
    await expect(row).not.toContainText(key);
    await checkPage(page, 'publishable-keys', () => expect(row).toBeVisible());
    const asShopper = () => fetch(`${process.env.WEB_API}/products`, { headers: { 'x-publishable-key': key } }).then((r) => r.status);
    expect(await asShopper()).toBe(200);
    await row.getByRole('button', { name: 'Revoke the key web journey' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toContainText('revoked');
    expect(await asShopper()).toBe(401);
  });
});
