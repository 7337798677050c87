import { expect, test } from '@playwright/test';
import { admin, checkPage, seededOrders, signInWithToken } from './support';

test.describe('admin: signed in as a tenant admin', () => {
  // These journeys are about the screens, not signing in (that is auth.spec.ts): a development
  // token, as real sign-ins of one address are limited per hour (global-setup.ts).
  test.beforeEach(async ({ page }) => {
    await signInWithToken(page);
  });

  test('orders list: the status filter lives in the URL, survives a reload, and the back button restores the list', async ({ page }) => {
    const [first, second, processing] = seededOrders();
    await page.goto(`${admin()}/orders`);
    const rows = page.getByRole('region', { name: 'Orders' }).locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await checkPage(page, 'orders', () => expect(rows).toHaveCount(3));

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'processing' }).click();
    await expect(page).toHaveURL(/[?&]status=processing/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(processing);

    await page.reload();
    await expect(rows).toHaveCount(1);
    await expect(page.getByRole('combobox', { name: 'Status' })).toHaveText(/processing/);

    await page.getByRole('link', { name: processing }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${processing}`);
    await page.goBack();
    await expect(page).toHaveURL(/[?&]status=processing/);
    await expect(rows).toHaveCount(1);
    await page.goBack();
    await expect(page).not.toHaveURL(/status=/);
    await expect(rows).toHaveCount(3);
    await expect(page.getByRole('link', { name: first })).toBeVisible();
    await expect(page.getByRole('link', { name: second })).toBeVisible();

    // A status no order has: the empty state, not a blank table.
    await page.goto(`${admin()}/orders?status=cancelled`);
    await expect(page.getByText('No order has this status on this page')).toBeVisible();
  });

  test('orders list: the first page is asked for while the screen code still loads, not after it (the bench:admin budget)', async ({ page }) => {
    // The screen's chunk is held until the page's GET /orders has gone out: without the route's
    // loader asking for it, the request would wait for the chunk and this would never release it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/orders-list-[^/]*\.js$/, async (route) => (await held, route.continue()));
    // The API's GET (not the page's own /orders document, nor the CORS preflight).
    const asked = page.waitForRequest((request) => request.resourceType() === 'fetch' && request.method() === 'GET' && new URL(request.url()).pathname === '/orders');
    await page.goto(`${admin()}/orders`);
    await asked;
    release();
    await expect(page.getByRole('region', { name: 'Orders' }).getByRole('link', { name: seededOrders()[0] })).toBeVisible();
  });

  test('order detail: lines, totals in the shop currency, addresses, payment and history', async ({ page }) => {
    const code = seededOrders()[2];
    await page.goto(`${admin()}/orders/${code}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${code}`);
    const lines = page.getByRole('region', { name: 'Lines' }).locator('tbody tr');
    await expect(lines).toHaveCount(2);
    await expect(lines.first()).toContainText('Web product 01');
    // WEB-01 costs 1099 minor units: $10.99, a line of one.
    await expect(lines.first()).toContainText('$10.99');
    await expect(page.getByRole('region', { name: 'Shipping address' })).toContainText('1 Main St');
    await expect(page.getByRole('region', { name: 'Payment' })).toContainText('card');
    const history = page.getByRole('region', { name: 'History' }).getByRole('listitem');
    await expect(history).toHaveCount(3);
    await expect(history.last()).toContainText('processing by web-admin');
    await checkPage(page, 'order-detail', () => expect(history).toHaveCount(3));

    await page.goto(`${admin()}/orders/ORD-999999`);
    await expect(page.getByText('There is no order ORD-999999 in this shop.')).toBeVisible();
  });

  test('products list: cursor pages kept in the URL (next, reload, previous) and the active filter', async ({ page }) => {
    await page.goto(`${admin()}/products`);
    const rows = page.getByRole('region', { name: 'Products' }).locator('tbody tr');
    await expect(rows).toHaveCount(20);
    await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await checkPage(page, 'products', () => expect(rows).toHaveCount(20));

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/[?&]cursor=/);
    await expect(rows).toHaveCount(3);
    await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await page.reload();
    await expect(rows).toHaveCount(3);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(rows).toHaveCount(20);
    await expect(page).not.toHaveURL(/cursor=/);

    await page.getByRole('combobox', { name: 'Shown' }).click();
    await page.getByRole('option', { name: 'Inactive' }).click();
    await expect(page).toHaveURL(/[?&]state=inactive/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('WEB-23');
    await expect(rows.first()).toContainText('$32.77');
  });

  test('theme: follows the OS until toggled; the choice outlives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${admin()}/orders`);
    const html = page.locator('html');
    await expect(html).toHaveClass(/dark/);
    await page.getByRole('button', { name: 'Light theme' }).click();
    await expect(html).not.toHaveClass(/dark/);
    await page.reload();
    await expect(html).not.toHaveClass(/dark/);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(html).toHaveClass(/dark/);
    // Back to what the OS says: following it again.
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).not.toHaveClass(/dark/);
    await expect(page.getByRole('button', { name: 'Dark theme' })).toBeVisible();
  });

  test('an address with no screen says so, with a way home; sign-out ends the session', async ({ page }) => {
    await page.goto(`${admin()}/no-such-screen`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await checkPage(page, 'not-found', () => expect(page.getByRole('link', { name: 'Home' }).last()).toBeVisible());
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in\?redirect=/);
    await expect(page.getByRole('heading', { name: 'Sign in to your shop' })).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.getItem('shopstream.session'))).toBeNull();
  });
});

test('the navigation offers only the sections the role may use', async ({ page }) => {
  await signInWithToken(page, process.env.WEB_SUPPORT_TOKEN!);
  await page.goto(`${admin()}/orders`);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link')).toHaveText(['Home', 'Orders', 'Customers', 'Reviews', 'Mails']);
  // Typed in by hand: a section the role may not use sends it home.
  await page.goto(`${admin()}/products`);
  await expect(page).toHaveURL(`${admin()}/orders`);
});

test('a 401 from the API (a token it does not trust) sends to sign-in, keeping where the user was', async ({ page }) => {
  const token = process.env.WEB_ADMIN_TOKEN!;
  await signInWithToken(page, `${token.slice(0, -6)}AAAAAA`);
  await page.goto(`${admin()}/orders?status=processing`);
  await expect(page).toHaveURL(/\/sign-in\?redirect=/);
  expect(decodeURIComponent(new URL(page.url()).searchParams.get('redirect')!)).toBe('/orders?status=processing');
  await checkPage(page, 'sign-in', () => expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible());
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await checkPage(page, 'forgot-password', () => expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible());
});
