/**
 * The account's Returns (issue 23): a customer with an order paid at the test provider and
 * delivered by staff (seeded through the API) asks for a return on the order page, then finds it
 * under Account → Returns as requested; staff accept it and the page says so after a reload.
 * Asserts only on what it created (its own product, customer and order).
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { SHOP } from './global-setup';
import { call, seed } from './store-api';
import { checkPage, store } from './support';

const repo = resolve(__dirname, '..', '..');
const tsx = (script: string, ...args: string[]) => {
  const run = spawnSync(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), script, ...args], { cwd: repo, env: { ...process.env, DATA_DIR: process.env.WEB_DATA_DIR, TABLE_PREFIX: '' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${script}: ${run.stderr}`);
  return run.stdout.trim();
};
const BUYER = 'web-returner';
const EMAIL = `${BUYER}@web.example`;
const address = { name: 'Rita Returner', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US', region: 'CA' };

/** The API as the buyer (their token) or staff (the suite's admin token); a failure throws with the answer. */
async function ok(method: string, path: string, body?: object, buyer?: string): Promise<Record<string, any>> {
  const init = { method, headers: { authorization: `Bearer ${buyer ?? process.env.WEB_ADMIN_TOKEN!}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) };
  // A kept-alive socket the server closed while a script blocked this process fails the request: send it again, with the same key.
  const reply = await fetch(`${process.env.WEB_API}${path}`, init).catch(() => fetch(`${process.env.WEB_API}${path}`, init));
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, any>) : {};
}
const orderStatus = async (code: string) => (await ok('GET', `/orders/${code}`)).attributes.status as string;

/** The buyer's order of one cap, paid at the test provider, shipped and delivered by staff. */
async function deliveredOrder(buyer: string): Promise<string> {
  const cart = await ok('POST', '/carts', {}, buyer);
  await ok('POST', `/carts/${cart.id}/lines`, { sku: 'WEBRA-CAP', quantity: 1 }, buyer);
  await ok('PUT', `/carts/${cart.id}/addresses`, { shippingAddress: address }, buyer);
  const priced = await ok('PUT', `/carts/${cart.id}/shipping-method`, { methodCode: 'webra-ground' }, buyer);
  const placed = await ok('POST', `/carts/${cart.id}/complete`, { expectedVersion: priced.version, paymentMethod: 'card' }, buyer);
  const code = (placed.code ?? placed.orderCode) as string;
  await expect.poll(() => orderStatus(code), { message: `${code} awaits payment` }).toBe('awaiting_payment');
  await ok('POST', `/carts/${cart.id}/payments`, {}, buyer);
  tsx('scripts/pay.ts', code, '--tenant', SHOP, '--outcome', 'succeed');
  await expect.poll(() => orderStatus(code), { message: `${code} confirmed by its payment` }).toBe('confirmed');
  const staff = async (method: string, path: string, body: object) => ok(method, path, { expectedVersion: (await ok('GET', `/orders/${code}`)).version, ...body });
  await staff('PATCH', `/orders/${code}/status`, { status: 'processing' });
  await staff('POST', `/orders/${code}/shipments`, { carrier: 'DHL', trackingNumber: 'DHL-RET-1' });
  await staff('PATCH', `/orders/${code}/status`, { status: 'delivered' });
  return code;
}

/** The buyer signed in to the storefront: their token where web/shared/session.ts keeps the session, before any script runs. */
async function signInAsBuyer(page: Page, token: string): Promise<void> {
  await page.addInitScript((session) => {
    if (!sessionStorage.getItem('shopstream.session')) sessionStorage.setItem('shopstream.session', session);
  }, JSON.stringify({ tenant: SHOP, email: EMAIL, client: 'storefront', tokens: { idToken: token } }));
}

test.beforeAll(async () => {
  await seed('POST', '/shipping-zones', { code: 'webra-us', name: 'United States (returns)', countries: ['US'] });
  await seed('POST', '/shipping-methods', { code: 'webra-ground', name: 'Ground', zoneCode: 'webra-us', rate: { kind: 'flat', amount: 499 } });
  await seed('POST', '/products', { code: 'WEBRA-CAP', name: 'Account cap', sku: 'WEBRA-CAP', price: { amount: 1500, currency: 'USD' } });
  await expect.poll(async () => (await call('GET', '/inventory/WEBRA-CAP')).status, { message: 'the stock item of WEBRA-CAP' }).toBe(200);
  const stock = await call('GET', '/inventory/WEBRA-CAP');
  await seed('PATCH', '/inventory/WEBRA-CAP', { expectedVersion: stock.body.version ?? 0, onHand: 50, reason: 'restock' });
});

test('account returns: asked for on the order page, listed under Account → Returns as requested, then accepted', async ({ page }) => {
  test.setTimeout(240_000);
  const buyer = tsx('scripts/token.ts', '--tenant', SHOP, '--role', 'customer', '--user', BUYER, '--email', EMAIL);
  const code = await deliveredOrder(buyer);
  const returnCode = `${code}-R1`;
  await signInAsBuyer(page, buyer);

  await page.goto(`${store()}/orders/${code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${code}`);
  await page.getByLabel('Units of Account cap to return').fill('1');
  await page.getByLabel('Why are you returning these items?').fill('Too big');
  await page.getByRole('button', { name: 'Send the return request' }).click();
  await expect(page.getByText(`Return ${returnCode} requested.`, { exact: false })).toBeVisible();

  // From the orders page, its link to the returns.
  await page.goto(`${store()}/account/orders`);
  await page.getByRole('link', { name: 'Your returns.' }).click();
  await expect(page).toHaveURL(/\/account\/returns$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Returns' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'Returns' })).toHaveAttribute('aria-current', 'page');

  // The list follows the stream by a moment: reload until the return is there.
  const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Return ${returnCode}` }) });
  await expect(async () => {
    await page.reload();
    await expect(item).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await expect(item.getByText('Requested', { exact: true })).toBeVisible();
  await expect(item.getByRole('link', { name: `Order ${code}` })).toHaveAttribute('href', new RegExp(`/orders/${code}$`));
  await expect(item.getByRole('list', { name: `Items of return ${returnCode}` })).toHaveText('Account cap (WEBRA-CAP) × 1');
  await expect(item.getByText(/asked for on /)).toBeVisible();
  await checkPage(page, 'account-returns', () => expect(item).toBeVisible());

  // Staff accept it; the page shows it after a reload (once the stream applied it).
  await ok('PATCH', `/returns/${returnCode}`, { state: 'accepted', expectedVersion: 1 });
  await expect(async () => {
    await page.reload();
    await expect(item.getByText('Accepted', { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();
  expect((await ok('GET', '/me/returns', undefined, buyer)).items).toContainEqual(expect.objectContaining({ code: returnCode, attributes: expect.objectContaining({ state: 'accepted', orderCode: code }) }));
});

test('an account section whose read fails says so and offers to try again, instead of loading for ever', async ({ page }) => {
  const buyer = tsx('scripts/token.ts', '--tenant', SHOP, '--role', 'customer', '--user', 'web-unlucky', '--email', 'web-unlucky@web.example');
  await signInAsBuyer(page, buyer);
  // The API refuses the read once (as a proxy in the way might); the next try goes through.
  let refused = 0;
  await page.route('**/me/returns*', async (route) => {
    if (refused++ > 0) return route.fallback();
    await route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ statusCode: 403, message: 'not now', error: 'Forbidden' }) });
  });
  await page.goto(`${store()}/account/returns`);
  const alert = page.getByRole('alert').filter({ hasText: 'Something went wrong' });
  await expect(alert).toBeVisible();
  await alert.getByRole('button', { name: 'Try again' }).click();
  // A new customer: no return yet, said as such.
  await expect(page.getByText('No return yet. To ask for one, open a delivered order.')).toBeVisible();
  await expect(alert).toHaveCount(0);
});
